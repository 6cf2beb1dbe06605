/**
 * Isolating one instance: read it, honour its exception tag, then move every interface through
 * passthrough to quarantine with the evidence (or, in dry-run, plan it). The isolate-ec2 handler
 * answers with it, and isolate-ecs-task calls it for a task's container instance.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { responderEnv } from '../shared/config';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import { type MemberTarget, memberClient } from '../shared/member-clients';
import { ec2Before, readTerminationProtection } from './before';
import { executePlan } from './contain';
import { resolveGroups, startLookup } from './groups';
import { readInstance } from './instance';
import { describePlan, planIsolation } from './plan';
import type { Ec2Target } from './target';

/** Reads the instance, checks the exception, then isolates it (or, in dry-run, plans it). */
export async function isolateInstance(
  target: Ec2Target,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const env = responderEnv();
  const ec2 = memberClient(EC2Client, member);
  const prefix = env.RESOURCE_PREFIX;
  const early = startLookup(ec2, member, prefix, target.vpcHints);
  // Read beside the instance, for the ledger only: no round trip added before containment.
  const protection = ctx.remember ? readTerminationProtection(ec2, target.instanceId) : undefined;
  const instance = await readInstance(ec2, target.instanceId);
  const exception = findException(instance.tags, env.SECURITY_TAG_KEY);
  if (exception) {
    return {
      status: 'skipped',
      reason: exceptionReason(instance.instanceId, exception),
      exception,
    };
  }
  const vpcIds = [...new Set(instance.interfaces.map((n) => n.vpcId))];
  const groups = await resolveGroups(ec2, member, prefix, vpcIds, early);
  const plan = planIsolation(instance, groups, {
    findingId: member.findingId,
    preserveEvidence: env.PRESERVE_EVIDENCE,
    exceptionTagKey: env.SECURITY_TAG_KEY,
    now: new Date(),
  });
  const eniCount = `${instance.interfaces.length} network interface(s) in ${vpcIds.join(', ')}`;
  if (plan.moves.length === 0 && plan.groups.length === 0 && plan.tags.length === 0) {
    return {
      // In dry-run, `contained` would archive the finding: dry-run records nothing.
      status: ctx.mode === 'dry-run' ? 'dry-run' : 'contained',
      reason: `${instance.instanceId} is already isolated: each of its ${eniCount} is only in its VPC's quarantine group; nothing changed`,
    };
  }
  if ((await ctx.admit()) === 'dry-run') {
    describePlan(plan, ctx.log);
    return {
      status: 'dry-run',
      reason:
        plan.moves.length === 0
          ? `${instance.instanceId} is already isolated; would remove the rules of its quarantine group; nothing changed`
          : `would isolate ${instance.instanceId} (${plan.moves.length} of its ${eniCount}); nothing changed`,
    };
  }
  ctx.remember?.(ec2Before(plan, await protection));
  await executePlan(plan, { ec2, member, prefix, log: ctx.log });
  if (plan.moves.length === 0) {
    const done = [
      plan.groups.length > 0 ? 'its quarantine group had rules, now removed' : undefined,
      plan.tags.length > 0
        ? 'the evidence and tags of an earlier, interrupted response are now complete'
        : undefined,
    ].filter(Boolean);
    return {
      status: 'contained',
      reason: `${instance.instanceId} is already isolated; ${done.join('; ')}`,
    };
  }
  const evidence = plan.evidence
    ? '; snapshots and termination protection requested'
    : '; evidence preservation is off';
  return {
    status: 'contained',
    reason: `isolated ${instance.instanceId}: ${plan.moves.length} of its ${eniCount} moved through passthrough to quarantine${evidence}`,
  };
}
