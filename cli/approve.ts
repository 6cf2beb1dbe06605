/**
 * `approve <finding-id>`: carries out a plan of `approve` mode. The plan's ledger item moves
 * `awaiting-approval` -> `approving` with a conditional write (of two people approving at once,
 * one wins; the other is told who), then the responder runs on the stored event exactly as
 * `respond --contain` does, with the ledger: it reads the resource live again, checks the
 * exception tag and the blast-radius limit again, and records its outcome with who approved and
 * when. A plan past its expiry ends `expired` and is never carried out.
 */

import { planName } from '../lambdas/shared/approval-decision';
import { beginApproval, settleApproval } from '../lambdas/shared/approval-ledger';
import { describeCause } from '../lambdas/shared/errors';
import { getResponse } from '../lambdas/shared/ledger';
import type { ResponseItem } from '../lambdas/shared/ledger-schema';
import type { Outcome } from '../lambdas/shared/outcome';
import type { Config } from '../modules/config/schema';
import { type DecisionOptions, takeDecision } from './decision';
import { countDecision } from './decision-metric';
import { EXIT, type ExitCode, type Output } from './errors';
import { isResponderName } from './pick-responder';
import { runResponder } from './respond';

/** Runs `approve`: 0 carried out, 1 not carried out (decided, expired) or failed, 2 bad input. */
export async function runApprove(
  options: DecisionOptions,
  config: Config,
  io: { readonly out: Output; readonly err: Output },
): Promise<ExitCode> {
  const decided = await takeDecision(options, config, io.err, beginApproval, 'not carried out');
  if (typeof decided === 'number') return decided;
  const { table, plan, by, now } = decided;
  await countDecision(config, plan.responder, 'approved', io.err);
  if (!options.json) {
    io.out.write(`${planName(plan)}: approved by ${by} at ${now.toISOString()}\n`);
  }
  const { code, outcomes } = await carryOut(plan, by, options, config, io);
  // The approved run records its own outcome; anything it did not record is settled here.
  const after = await getResponse(table, plan.findingId, plan.responder);
  if (after?.status === 'approving') {
    const outcome = outcomes[0];
    await settleApproval(table, plan, by, {
      status: outcome?.status ?? 'failed',
      reason: outcome?.reason ?? 'the approved run returned no outcome',
    });
  }
  return code;
}

/** Runs the plan's responder on its stored event in contain mode, with the ledger. */
async function carryOut(
  plan: ResponseItem,
  by: string,
  options: DecisionOptions,
  config: Config,
  io: { readonly out: Output; readonly err: Output },
): Promise<{ code: ExitCode; outcomes: readonly Outcome[] }> {
  const name = plan.responder;
  let event: unknown;
  try {
    if (!plan.event || !isResponderName(name)) throw new Error('the ledger item holds no event');
    event = JSON.parse(plan.event);
  } catch (error) {
    const reason = `the approved plan cannot be carried out: ${describeCause(error)}`;
    io.err.write(`error: ${reason}\n`);
    return { code: EXIT.failed, outcomes: [failedOutcome(plan, reason)] };
  }
  return runResponder(
    event,
    { name, why: `approved plan of finding ${plan.findingId}` },
    {
      contain: true,
      json: options.json === true,
      approvedBy: by,
      ledgerTableName: options.tableName ?? `${config.prefix}-ledger`,
    },
    config,
    io,
  );
}

function failedOutcome(plan: ResponseItem, reason: string): Outcome {
  return {
    status: 'failed',
    responder: plan.responder,
    accountId: plan.accountId,
    region: plan.region,
    resource: plan.resource,
    findingId: plan.findingId,
    reason,
    steps: [],
  };
}
