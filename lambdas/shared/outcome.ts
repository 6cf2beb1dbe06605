/** The structured result of handling one finding: exactly one per finding, returned and notified. */

/** Every status an outcome can end in. */
export const OUTCOME_STATUSES = [
  'contained',
  'skipped',
  'dry-run',
  'awaiting-approval',
  'ignored',
  'escalated',
  'failed',
] as const;

/** How the handling of one finding ended. */
export type OutcomeStatus = (typeof OUTCOME_STATUSES)[number];

/** One AWS change, made (`done`), only planned (`planned`, in dry-run) or attempted (`failed`). */
export interface Step {
  /** IAM action of the change, e.g. `ec2:ModifyNetworkInterfaceAttribute`. */
  readonly action: string;
  /** What the change applies to, e.g. `eni-0abc (sg-0123 -> sg-0456)`. */
  readonly target: string;
  readonly status: 'done' | 'planned' | 'failed';
  readonly detail?: string;
}

/** The approval read from a resource's exception tag. */
export interface ExceptionTag {
  readonly key: string;
  readonly value: string;
  readonly ticket: string;
  /** `YYYY-MM-DD`, when the value carries `;expires=`. */
  readonly expires?: string;
  readonly expired: boolean;
  /** The value does not follow `<ticket>[;expires=YYYY-MM-DD]`. */
  readonly malformed: boolean;
}

/** The result of one finding's handling. */
export interface Outcome {
  readonly status: OutcomeStatus;
  readonly responder: string;
  readonly accountId: string;
  readonly region: string;
  /** The resource acted on (or not), e.g. `i-0abc`, `arn:aws:iam::111122223333:user/alice`. */
  readonly resource: string;
  readonly findingId?: string;
  readonly findingType?: string;
  readonly mode?: ResponseMode;
  readonly reason: string;
  readonly steps: Step[];
  readonly exception?: ExceptionTag;
  /** How to approve the plan (status `awaiting-approval` only). */
  readonly approval?: PendingApproval;
  /** The ticket of the finding (`tickets`): opened by this response or an earlier one. */
  readonly ticket?: TicketLink;
}

/** A ticket of a finding, as an outcome and its notification carry it. */
export interface TicketLink {
  /** The Jira issue or ServiceNow incident id. */
  readonly id: string;
  readonly url?: string;
  /** `now`: this response opened it; `earlier`: an earlier delivery or response did. */
  readonly opened: 'now' | 'earlier';
}

/** A plan awaiting a person's decision: until when, and the exact command that carries it out. */
export interface PendingApproval {
  /** ISO time after which the plan is no longer carried out. */
  readonly expiresAt: string;
  /** e.g. `security-ir approve 7eb1... --responder isolate-ec2`. */
  readonly command: string;
}

/** How a responder answers findings of an account. */
export const RESPONSE_MODES = ['contain', 'approve', 'dry-run', 'off'] as const;

/**
 * `contain` acts; `approve` plans as dry-run and records the plan as `awaiting-approval` until a
 * person approves it (`security-ir approve`); `dry-run` reads and reports only; `off` ignores the
 * account's findings.
 */
export type ResponseMode = (typeof RESPONSE_MODES)[number];
