/**
 * Blocking a user or role: read it live, escalate a service-linked role, honour the exception tag,
 * then apply every write of the plan in parallel (or, in dry-run, plan them).
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { responderEnv } from '../shared/config';
import { describeCause, ResponderError } from '../shared/errors';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import { type MemberTarget, memberClient, partitionOf } from '../shared/member-clients';
import type { StepLog } from '../shared/steps';
import { principalBefore, readPolicyState } from './before';
import { serviceLinkedReason } from './escalate';
import { type BlockPlan, planBlock, type Write } from './plan';
import { isServiceLinked, type PrincipalTarget } from './principal';
import { readPrincipal } from './read';

/** Answers one user or role: escalated, skipped (exception), dry-run (plan) or contained. */
export async function blockPrincipal(
  target: PrincipalTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const env = responderEnv();
  const iam = memberClient(IAMClient, member);
  // Read beside the principal, for the ledger only: no round trip added before containment.
  const before = ctx.remember ? readPolicyState(iam, target) : undefined;
  const live = await readPrincipal(iam, target);
  // The name prefix was checked before any call; the path is only known now.
  if (target.kind === 'role' && isServiceLinked(target.roleName, live.path)) {
    return { status: 'escalated', reason: serviceLinkedReason(live.arn) };
  }
  const exception = findException(live.tags, env.SECURITY_TAG_KEY);
  if (exception) {
    return { status: 'skipped', reason: exceptionReason(live.arn, exception), exception };
  }
  const plan = planBlock(target, live, {
    denyPolicyArn: inPartition(env.DENY_POLICY_ARN, member.region),
    denyPolicyOnRoles: env.DENY_POLICY_ON_ROLES,
    now: new Date(),
  });
  const what = target.kind === 'user' ? 'IAM user' : 'IAM role';
  if ((await ctx.admit()) === 'dry-run') {
    for (const w of plan.writes) ctx.log.planned(w.action, w.target, w.detail);
    return {
      status: 'dry-run',
      reason: `would block ${what} ${live.arn}: ${summary(plan)}; nothing changed`,
    };
  }
  if (before) ctx.remember?.(principalBefore(target, live, plan, await before));
  await applyWrites(iam, plan.writes, ctx.log, live.arn);
  return { status: 'contained', reason: `blocked ${what} ${live.arn}: ${summary(plan)}` };
}

function summary(plan: BlockPlan): string {
  return [...plan.writes.map((w) => w.effect), ...plan.notes].join('; ');
}

/**
 * Sends every write at once (they are independent: one round trip) and waits for all of them, so
 * that each is logged done or failed in plan order. Any failure fails the response, keeping the
 * writes that succeeded: every write is idempotent, so a repeated finding completes the block.
 */
async function applyWrites(
  iam: IAMClient,
  writes: readonly Write[],
  log: StepLog,
  resource: string,
): Promise<void> {
  const settled = await Promise.allSettled(writes.map((w) => w.send(iam)));
  const failures: string[] = [];
  let firstCause: unknown;
  settled.forEach((result, i) => {
    const w = writes[i] as Write;
    if (result.status === 'fulfilled') {
      log.done(w.action, w.target, w.detail);
      return;
    }
    log.failed(w.action, w.target, w.detail);
    failures.push(`${w.action} failed (${describeCause(result.reason)})`);
    firstCause ??= result.reason;
  });
  if (failures.length > 0) {
    throw new ResponderError(
      `blocking ${resource} is incomplete: ${failures.join('; ')}; the other steps were applied; ` +
        'the writes are idempotent: retry the finding, or finish the block by hand',
      { cause: firstCause },
    );
  }
}

/**
 * An AWS-managed policy ARN in the partition of the finding's region: the configured default
 * names the commercial partition, where China and GovCloud accounts have their own copy.
 */
export function inPartition(policyArn: string, region: string): string {
  return policyArn.replace(/^arn:aws(-[a-z-]+)?:iam::aws:/, `arn:${partitionOf(region)}:iam::aws:`);
}
