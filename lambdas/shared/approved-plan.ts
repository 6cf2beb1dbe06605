/**
 * The approval queue's request to a responder: "carry out the plan of finding F, which the ledger
 * holds as `approving`". The request names only the plan; the event and who approved are read
 * from the ledger item the approval queue moved to `approving` after checking the sender, never
 * from the request. A request for a plan that is not being approved runs nothing.
 */
import { resetResponderEnv, responderEnv } from './config';
import { InvalidEventError } from './errors';
import { lazyModule } from './lazy';
import { ledgerTableNamed } from './ledger-hook';

// Loaded on use: the ledger's client stays off every responder's cold start.
const loadLedger = lazyModule(() => import('./ledger'));

/** The payload the approval queue sends to a responder (lambda:InvokeFunction). */
export interface ApprovedPlanRequest {
  readonly approvedPlan: { readonly findingId: string; readonly responder: string };
}

/** Whether `event` is an approved-plan request rather than an EventBridge event. */
export function isApprovedPlanRequest(event: unknown): event is ApprovedPlanRequest {
  return typeof event === 'object' && event !== null && 'approvedPlan' in event;
}

/** The plan to carry out: its stored event and the approver the ledger records. */
export interface ApprovedPlan {
  readonly event: unknown;
  readonly by: string;
}

/**
 * Reads the plan the request names: it must be this responder's, held `approving` by an approver
 * with its event. Throws InvalidEventError naming the field otherwise (nothing is run).
 */
export async function approvedPlanOf(
  request: ApprovedPlanRequest,
  responder: string,
): Promise<ApprovedPlan> {
  const plan = request.approvedPlan;
  const findingId = typeof plan?.findingId === 'string' ? plan.findingId : '';
  if (findingId === '' || findingId.length > 1024) {
    throw new InvalidEventError('approvedPlan.findingId', 'must be the finding id of a plan');
  }
  if (plan.responder !== responder) {
    throw new InvalidEventError('approvedPlan.responder', `must be ${responder}`);
  }
  const tableName = responderEnv().LEDGER_TABLE_NAME;
  if (!tableName) {
    throw new InvalidEventError(
      'approvedPlan',
      'this responder keeps no ledger (LEDGER_TABLE_NAME)',
    );
  }
  const { getResponse } = await loadLedger();
  const item = await getResponse(await ledgerTableNamed(tableName), findingId, responder);
  const by = item?.approval?.by;
  if (item?.status !== 'approving' || !by || !item.event) {
    throw new InvalidEventError(
      'approvedPlan',
      `finding ${findingId} has no plan of ${responder} being approved (${item ? item.status : 'no response'})`,
    );
  }
  return { event: JSON.parse(item.event) as unknown, by };
}

/**
 * Runs `run` as the approved run of `by`: `approve` mode reads as `contain` and the ledger records
 * who approved (`APPROVED_BY`, as `security-ir approve` sets it). A Lambda container handles one
 * invocation at a time, so the variable is set for this run only and always removed after it.
 */
export async function asApprovedBy<R>(by: string, run: () => Promise<R>): Promise<R> {
  process.env.APPROVED_BY = by;
  resetResponderEnv();
  try {
    return await run();
  } finally {
    delete process.env.APPROVED_BY;
    resetResponderEnv();
  }
}
