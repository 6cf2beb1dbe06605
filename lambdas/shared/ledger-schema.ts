/**
 * The response ledger's shape, as plain data (no SDK, no cdktf import): the table's keys and
 * indexes, which the `master` stack creates and the responders and the operator CLI read and
 * write, the envelope of the before-state each responder keeps so that a containment can be
 * released, and the metric names the dashboard shows.
 */

import type { ResponderName } from '../registry/responders';

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

/**
 * The state before a containment that its release needs. Each responder declares its own shape in
 * its folder (`lambdas/<responder>/before.ts`), tagged with its name; its release planner
 * (`lambdas/<responder>/release.ts`) reads it back. The ledger stores it as given.
 */
export interface BeforeState {
  readonly kind: ResponderName;
}

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
