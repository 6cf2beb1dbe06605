/**
 * `deny <finding-id>`: refuses a plan of `approve` mode. Its ledger item moves
 * `awaiting-approval` -> `denied` with who denied and when (a conditional write: a plan already
 * approved, denied or expired is not denied again); nothing in the member account changes.
 */

import { planName } from '../lambdas/shared/approval-decision';
import { denyApproval } from '../lambdas/shared/approval-ledger';
import type { Config } from '../modules/config/schema';
import { type DecisionOptions, takeDecision } from './decision';
import { countDecision } from './decision-metric';
import { EXIT, type ExitCode, type Output } from './errors';

/** Runs `deny`: 0 denied, 1 not open any more (decided, expired), 2 bad input. */
export async function runDeny(
  options: DecisionOptions,
  config: Config,
  io: { readonly out: Output; readonly err: Output },
): Promise<ExitCode> {
  const decided = await takeDecision(options, config, io.err, denyApproval, 'not denied');
  if (typeof decided === 'number') return decided;
  const { plan, by, now } = decided;
  await countDecision(config, plan.responder, 'denied', io.err);
  const at = now.toISOString();
  io.out.write(
    options.json
      ? `${JSON.stringify({ ...plan, event: undefined, status: 'denied', approval: { ...plan.approval, decision: 'denied', by, at } }, null, 2)}\n`
      : `${planName(plan)}: DENIED by ${by} at ${at}; nothing was changed\n`,
  );
  return EXIT.ok;
}
