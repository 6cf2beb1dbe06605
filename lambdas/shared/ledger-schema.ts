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
  /** One per ticket opened through the Security Hub connector (`tickets`). */
  ticketsOpened: 'TicketsOpened',
  /** One per ticket that should have been opened and was not (the tickets alarm watches it). */
  ticketsFailed: 'TicketsFailed',
  /**
   * One per decision on a plan of `approve` mode, with dimension `Decision` (approved, denied,
   * expired): published by the operator CLI with PutMetricData, since decisions are taken there.
   */
  approvalDecisions: 'ApprovalDecisions',
} as const;

/** The decisions on a plan that the `ApprovalDecisions` metric counts (its `Decision` dimension). */
export const APPROVAL_DECISIONS = ['approved', 'denied', 'expired'] as const;

/** The partition key of a finding's responses; the sort key is the responder. */
export function responseKey(findingId: string): string {
  return `response#${findingId}`;
}

/**
 * The partition key of a finding's ticket (sort key {@link TICKET_SORT_KEY}): one per finding,
 * whichever responder and delivery opens it. The item has no `responder`, `accountId`,
 * `resource` or `endedAt`, so it is neither a response nor in an index.
 */
export function ticketKey(findingId: string): string {
  return `ticket#${findingId}`;
}

/** The sort key of a ticket item. */
export const TICKET_SORT_KEY = 'ticket';

/** A ticket opened for a response through the new Security Hub's connector (CreateTicketV2). */
export interface TicketRecord {
  /** `TicketId` of CreateTicketV2: the Jira issue or ServiceNow incident. */
  readonly id: string;
  /** `TicketSrcUrl`, when the connector returns one. */
  readonly url?: string;
  /** The connector (ConnectorV2 id) it went through. */
  readonly connectorId: string;
  /** ISO time it was opened. */
  readonly at: string;
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

/**
 * Ledger statuses of a plan after its approval was asked (`awaiting-approval` is an outcome's):
 * being carried out, denied, or expired before anyone approved it.
 */
export const APPROVAL_STATUSES = ['approving', 'denied', 'expired'] as const;

/**
 * The approval side of a response in `approve` mode: while `awaiting-approval`, until when and
 * how to approve it; once decided, who decided what and when. Stored as scalar attributes, so the
 * conditional transitions of `security-ir approve` / `deny` can test them.
 */
export interface ApprovalRecord {
  /** ISO time after which the plan is no longer carried out. */
  readonly expiresAt?: string;
  /** The exact command that approves the plan. */
  readonly command?: string;
  readonly decision?: 'approving' | 'approved' | 'denied' | 'expired';
  /** The ARN of the person who decided (STS GetCallerIdentity). */
  readonly by?: string;
  /** ISO time of the decision. */
  readonly at?: string;
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
  readonly approval?: ApprovalRecord;
  /** The ticket opened for the finding (`tickets`), linked on every response to it. */
  readonly ticket?: TicketRecord;
  /**
   * The raw event of the finding (reduced to that finding), kept while the plan awaits approval so
   * that `security-ir approve` can carry it out; at most {@link MAX_APPROVAL_EVENT_BYTES}.
   */
  readonly event?: string;
}

/**
 * Largest event (UTF-8 bytes of its JSON) the ledger keeps for an approval. A DynamoDB item is at
 * most 400 KB, attribute names and values together
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items);
 * 256 KB is EventBridge's own largest event
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html), so any one finding that
 * reached a responder fits, and 144 KB stay for the rest of the item (keys, reason, planned steps).
 * The whole item is also measured before it is written ({@link MAX_ITEM_BYTES}).
 */
export const MAX_APPROVAL_EVENT_BYTES = 256 * 1024;

/** DynamoDB's item size limit, 400 KB. */
export const MAX_ITEM_BYTES = 400 * 1024;
