/**
 * The response ledger's shape, as plain data (no SDK, no cdktf import): the table's keys and
 * indexes, which the `master` stack creates and the responders and the operator CLI read and
 * write, the before-state each responder keeps so that a containment can be released, and the
 * metric names the dashboard shows.
 */

import type { NAME as BLOCK_PRINCIPAL } from '../block-principal/name';
import type { NAME as CONFINE_SECURITY_GROUP } from '../confine-security-group/name';
import type { FunctionBefore } from '../contain-lambda-function/before';
import type { NAME as ISOLATE_EC2 } from '../isolate-ec2/name';
import type { EcsTaskBefore } from '../isolate-ecs-task/before';
import type { NAME as RESTORE_BUCKET_PUBLIC_ACCESS } from '../restore-bucket-public-access/name';
import type { NAME as START_SSM_AUTOMATION } from '../start-ssm-automation/name';

/** Key and index attribute names of the ledger table. */
export const LEDGER_KEYS = {
  partition: 'pk',
  sort: 'sk',
  /** Epoch seconds after which DynamoDB deletes the item (counters only). */
  ttl: 'expiresAt',
  /** Index of responses by account, newest last: hash `accountId`, range `endedAt`. */
  byAccount: 'by-account',
  /** Index of responses by resource as reported (`i-0abc`, a role ARN): hash `resource`, range `endedAt`. */
  byResource: 'by-resource',
} as const;

/** The table's key and index attributes (all strings), for the stack and the tests' server. */
export const LEDGER_ATTRIBUTES = ['pk', 'sk', 'accountId', 'resource', 'endedAt'] as const;

/** The table's global secondary indexes (projection ALL). */
export const LEDGER_INDEXES = [
  { name: LEDGER_KEYS.byAccount, hashKey: 'accountId', rangeKey: 'endedAt' },
  { name: LEDGER_KEYS.byResource, hashKey: 'resource', rangeKey: 'endedAt' },
] as const;

/** Default blast-radius limits: containments per account and per organization per hour. */
export const DEFAULT_BLAST_RADIUS = { perAccountPerHour: 10, perOrganizationPerHour: 50 } as const;

/** CloudWatch namespace of the responders' metrics (Powertools Metrics, EMF). */
export const METRICS_NAMESPACE = 'SecurityIR';

/** Metric names the responders publish and the dashboard shows. */
export const METRIC_NAMES = {
  /** One per outcome, with dimension `Status`. */
  responses: 'Responses',
  /** Seconds from the finding's creation to the end of containment (contained outcomes). */
  timeToContain: 'TimeToContainSeconds',
  /** One per finding planned instead of contained because the hourly limit was reached. */
  paused: 'AutomationPaused',
  /** One per response whose ledger item could not be written (undo will be manual). */
  ledgerUnavailable: 'LedgerUnavailable',
} as const;

/** The partition key of a finding's responses; the sort key is the responder. */
export function responseKey(findingId: string): string {
  return `response#${findingId}`;
}

/** One network interface as it was before the isolation. */
export interface InterfaceBefore {
  readonly eni: string;
  readonly vpcId: string;
  /**
   * Its groups before the response; absent when an earlier, interrupted response had already
   * moved it to one of the isolation groups (then the original groups are not known here).
   */
  readonly groups?: readonly string[];
}

/** One ingress range open to the world that was revoked. */
export interface RevokedRange {
  readonly ruleId: string;
  readonly cidr: string;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly description?: string;
}

/** State before an isolation. */
export interface Ec2Before {
  readonly kind: typeof ISOLATE_EC2;
  readonly instanceId: string;
  readonly interfaces: readonly InterfaceBefore[];
  /** Quarantine group of each VPC, the group the interfaces were moved to. */
  readonly quarantineGroups: Readonly<Record<string, string>>;
  /** `DisableApiTermination` before; absent when it could not be read. */
  readonly terminationProtection?: boolean;
  /** Whether snapshots were requested (they are kept on release). */
  readonly snapshots: boolean;
}

/** State before a principal was blocked. */
export interface PrincipalBefore {
  readonly kind: typeof BLOCK_PRINCIPAL;
  readonly principal: 'user' | 'role';
  readonly name: string;
  readonly arn: string;
  /** `UserId` / `RoleId`: a principal re-created under the same name has another one. */
  readonly principalId?: string;
  /** The key deactivated, with its status before (absent when no key was deactivated). */
  readonly accessKey?: { readonly id: string; readonly status?: string };
  /** Managed policies attached before; absent when they could not be read. */
  readonly attachedPolicies?: readonly string[];
  /** Inline policy names before; absent when they could not be read. */
  readonly inlinePolicies?: readonly string[];
  /** The deny policy this response attached (absent when none was attached). */
  readonly denyPolicyArn?: string;
  readonly revokePolicyName: string;
}

/** State before a security group was confined. */
export interface GroupBefore {
  readonly kind: typeof CONFINE_SECURITY_GROUP;
  readonly groupId: string;
  readonly revoked: readonly RevokedRange[];
  /** The replacement ranges added, `tcp 22 from 10.0.0.0/8` (kept on release). */
  readonly added: string;
}

/** What a runbook was started on; its changes are the runbook's, not the ledger's. */
export interface RunbookBefore {
  readonly kind: typeof START_SSM_AUTOMATION;
  readonly resourceId: string;
  readonly document: string;
  readonly executionId?: string;
}

/** A bucket's Block Public Access settings before they were all turned on. */
export interface BucketBefore {
  readonly kind: typeof RESTORE_BUCKET_PUBLIC_ACCESS;
  readonly bucket: string;
  /** The four settings before; `null` when the bucket had no configuration at all. */
  readonly publicAccessBlock: {
    readonly BlockPublicAcls: boolean;
    readonly IgnorePublicAcls: boolean;
    readonly BlockPublicPolicy: boolean;
    readonly RestrictPublicBuckets: boolean;
  } | null;
}

/** The state before a containment that its release needs. */
export type BeforeState =
  | Ec2Before
  | PrincipalBefore
  | GroupBefore
  | RunbookBefore
  | FunctionBefore
  | BucketBefore
  | EcsTaskBefore;

/** A release as recorded on the response's item. */
export interface ReleaseRecord {
  readonly at: string;
  /** The caller's ARN. */
  readonly by: string;
  readonly status: 'released' | 'release-failed';
  readonly forced: boolean;
  readonly steps: readonly { action: string; target: string; status: string; detail?: string }[];
  readonly notes: readonly string[];
}

/** One response as stored. */
export interface ResponseItem {
  readonly findingId: string;
  readonly findingType?: string;
  readonly responder: string;
  readonly accountId: string;
  readonly region: string;
  readonly resource: string;
  readonly mode?: string;
  /** The outcome's status, or `released` / `release-failed` after a release. */
  readonly status: string;
  readonly reason: string;
  readonly steps: readonly { action: string; target: string; status: string; detail?: string }[];
  readonly before?: BeforeState;
  /** When the finding was created (GuardDuty `createdAt`, ASFF `CreatedAt`, Config's evaluation). */
  readonly findingCreatedAt?: string;
  readonly startedAt: string;
  /** When the response (containment) ended. */
  readonly endedAt: string;
  readonly secondsToContain?: number;
  readonly release?: ReleaseRecord;
}
