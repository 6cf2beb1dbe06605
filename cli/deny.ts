/**
 * `deny <finding-id>`: refuses a plan of `approve` mode. Its ledger item moves
 * `awaiting-approval` -> `denied` with who denied and when (a conditional write: a plan already
 * approved, denied or expired is not denied again); nothing in the member account changes.
 */
import { denyApproval } from '../lambdas/shared/approval-ledger';
import { getResponse } from '../lambdas/shared/ledger';
import type { Config } from '../modules/config/schema';
import {
  callerArn,
  type DecisionOptions,
  expireIfDue,
  planName,
  responseToDecide,
  whyNotOpen,
} from './decision';
import { EXIT, type ExitCode, type Output } from './errors';
import { ledgerTable } from './ledger-table';

/** Runs `deny`: 0 denied, 1 not open any more (decided, expired), 2 bad input. */
export async function runDeny(
  options: DecisionOptions,
  config: Config,
  io: { readonly out: Output; readonly err: Output },
): Promise<ExitCode> {
  const table = ledgerTable(config, options.tableName);
  const plan = await responseToDecide(table, options);
  const by = await callerArn(config);
  const now = new Date();
  const expired = await expireIfDue(table, plan, now);
  if (expired) {
    io.err.write(`${expired}\n`);
    return EXIT.failed;
  }
  if (!(await denyApproval(table, plan, by, now))) {
    const current = (await getResponse(table, plan.findingId, plan.responder)) ?? plan;
    const late = await expireIfDue(table, current, now);
    io.err.write(`${late ?? `${planName(current)}: not denied: ${whyNotOpen(current)}`}\n`);
    return EXIT.failed;
  }
  const at = now.toISOString();
  io.out.write(
    options.json
      ? `${JSON.stringify({ ...plan, event: undefined, status: 'denied', approval: { ...plan.approval, decision: 'denied', by, at } }, null, 2)}\n`
      : `${planName(plan)}: DENIED by ${by} at ${at}; nothing was changed\n`,
  );
  return EXIT.ok;
}
