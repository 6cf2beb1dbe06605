/**
 * One decision on a plan of `approve` mode, whoever takes it (`security-ir approve|deny` with the
 * operator's ARN, the approval queue with the sender SQS reports): end it `expired` when its time
 * has passed, else take the decision's conditional transition, or say why the plan can no longer
 * be decided (someone else decided, it expired, nothing awaits approval).
 */
import { expireApproval, hasExpired } from './approval-ledger';
import { getResponse, type LedgerTable } from './ledger';
import type { ResponseItem } from './ledger-schema';

/** Names the plan in messages. */
export function planName(r: ResponseItem): string {
  return `${r.responder} ${r.resource} in ${r.accountId}/${r.region} (finding ${r.findingId})`;
}

/** Why a plan can no longer be decided, from its item as it is now. */
export function whyNotOpen(r: ResponseItem): string {
  const a = r.approval ?? {};
  if (r.status === 'approving') {
    return `being approved by ${a.by ?? 'someone'} since ${a.at ?? '?'}: it is carried out once, not approved again`;
  }
  if (a.decision === 'approved') {
    return `already approved by ${a.by ?? 'someone'} at ${a.at ?? '?'}; it ended ${r.status}: ${r.reason}`;
  }
  if (r.status === 'denied') return `denied by ${a.by ?? 'someone'} at ${a.at ?? '?'}`;
  if (r.status === 'expired') {
    return `expired at ${a.expiresAt ?? '?'} without approval; it was never carried out`;
  }
  return `nothing awaits approval: the response is ${r.status} (${r.reason})`;
}

/**
 * Ends a plan whose time has passed as `expired` and says so; undefined when the plan is still
 * open at `now`. Someone else's expiry of the same plan reads the same.
 */
export async function expireIfDue(
  table: LedgerTable,
  r: ResponseItem,
  now: Date,
  /** Called when this call, not someone else's, ended the plan expired (the dashboard counts it). */
  onExpired: () => Promise<void> = async () => undefined,
): Promise<string | undefined> {
  if (r.status !== 'awaiting-approval' || !hasExpired(r, now)) return undefined;
  if (await expireApproval(table, r, now)) await onExpired();
  return `${planName(r)}: EXPIRED at ${r.approval?.expiresAt}: the plan was not carried out and now ends expired; a new delivery of the finding plans it again`;
}

/** A conditional transition of a decision (`beginApproval`, `denyApproval`). */
export type Transition = (
  table: LedgerTable,
  plan: ResponseItem,
  by: string,
  now: Date,
) => Promise<boolean>;

/** The decision taken, or why not (`refused` names the decision: "not carried out", "not denied"). */
export type DecisionTaken =
  | { readonly taken: true }
  | { readonly taken: false; readonly why: string };

/** Takes `transition` on `plan` for `by` at `now`, after ending it `expired` when due. */
export async function takeTransition(
  table: LedgerTable,
  plan: ResponseItem,
  by: string,
  now: Date,
  transition: Transition,
  refused: string,
  /** Called when this decision ended the plan expired. */
  onExpired?: () => Promise<void>,
): Promise<DecisionTaken> {
  const expired = await expireIfDue(table, plan, now, onExpired);
  if (expired) return { taken: false, why: expired };
  if (await transition(table, plan, by, now)) return { taken: true };
  const current = (await getResponse(table, plan.findingId, plan.responder)) ?? plan;
  const late = await expireIfDue(table, current, now, onExpired);
  return { taken: false, why: late ?? `${planName(current)}: ${refused}: ${whyNotOpen(current)}` };
}
