/**
 * Confining a security group: read it live, honour the exception tag, then add the allowed ranges
 * first and revoke only the open ranges, by rule id, so the port is never left with no rule.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  EC2Client,
  type IpPermission,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { responderEnv } from '../shared/config';
import { isAwsError, ResponderError } from '../shared/errors';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import { type MemberTarget, memberClient } from '../shared/member-clients';
import type { StepLog } from '../shared/steps';
import { groupBefore } from './before';
import {
  ALLOWED_VARIABLE,
  type Confinement,
  openRulesText,
  permissionsText,
  planConfinement,
  WORLD,
} from './plan';
import { readGroup } from './read';
import type { GroupTarget } from './target';

const AUTHORIZE = 'ec2:AuthorizeSecurityGroupIngress';
const REVOKE = 'ec2:RevokeSecurityGroupIngress';

/** Answers one group: skipped (exception, nothing open), dry-run (plan) or contained. */
export async function confineGroup(
  target: GroupTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const env = responderEnv();
  const ec2 = memberClient(EC2Client, member);
  const group = await readGroup(ec2, member, target.groupId);
  const exception = findException(group.tags, env.SECURITY_TAG_KEY);
  if (exception) {
    return { status: 'skipped', reason: exceptionReason(target.groupId, exception), exception };
  }
  const plan = planConfinement(
    group.rules,
    { IPv4: env.ALLOWED_CIDR_V4, IPv6: env.ALLOWED_CIDR_V6 },
    target.findingId,
  );
  if (plan.open.length === 0) {
    return { status: 'skipped', reason: `${target.groupId} has no ingress open to the world` };
  }
  const revokeDetail = openRulesText(plan.open);
  const addDetail = permissionsText(plan.permissions);
  if ((await ctx.admit()) === 'dry-run') {
    if (plan.permissions.length > 0) ctx.log.planned(AUTHORIZE, target.groupId, addDetail);
    ctx.log.planned(REVOKE, target.groupId, revokeDetail);
    return { status: 'dry-run', reason: summary(target.groupId, plan, false) };
  }
  ctx.remember?.(groupBefore(target.groupId, plan, group.rules));
  if (plan.permissions.length > 0) {
    await authorize(ec2, target.groupId, plan.permissions, ctx.log, addDetail);
  }
  await ctx.log.run(
    REVOKE,
    target.groupId,
    async () => {
      const out = await ec2.send(
        new RevokeSecurityGroupIngressCommand({
          GroupId: target.groupId,
          SecurityGroupRuleIds: plan.open.map((r) => r.ruleId),
        }),
      );
      if (out.Return === false) {
        throw new ResponderError(`EC2 did not revoke the open rules of ${target.groupId}`);
      }
    },
    revokeDetail,
  );
  return { status: 'contained', reason: summary(target.groupId, plan, true) };
}

/**
 * Adds every replacement in one call. EC2 rejects the whole call when one range already exists
 * (added since the read, e.g. by a concurrent run): then each range is added alone, and a
 * duplicate range counts as present.
 */
async function authorize(
  ec2: EC2Client,
  groupId: string,
  permissions: readonly IpPermission[],
  log: StepLog,
  detail: string,
): Promise<void> {
  const send = (IpPermissions: IpPermission[]) =>
    ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions }));
  try {
    await send([...permissions]);
    log.done(AUTHORIZE, groupId, detail);
    return;
  } catch (error) {
    if (!isAwsError(error, 'InvalidPermission.Duplicate')) {
      log.failed(AUTHORIZE, groupId, detail);
      throw error;
    }
  }
  const singles = singleRanges(permissions);
  try {
    if (singles.length > 1) {
      for (const single of singles) await send([single]).catch(ignoreDuplicate);
    }
  } catch (error) {
    log.failed(AUTHORIZE, groupId, detail);
    throw error;
  }
  log.done(AUTHORIZE, groupId, `${detail} (already present in part or whole)`);
}

/** One permission per range, so that each range is added or found present on its own. */
function singleRanges(permissions: readonly IpPermission[]): IpPermission[] {
  return permissions.flatMap(({ IpRanges, Ipv6Ranges, ...ports }) => [
    ...(IpRanges ?? []).map((r) => ({ ...ports, IpRanges: [r] })),
    ...(Ipv6Ranges ?? []).map((r) => ({ ...ports, Ipv6Ranges: [r] })),
  ]);
}

function ignoreDuplicate(error: unknown): void {
  if (!isAwsError(error, 'InvalidPermission.Duplicate')) throw error;
}

function summary(groupId: string, plan: Confinement, done: boolean): string {
  const verb = done ? 'revoked' : 'would revoke';
  const added = plan.permissions.length
    ? `, allowing ${permissionsText(plan.permissions)} instead`
    : plan.unreplaced.length === 0
      ? ' (the allowed ranges are already present)'
      : '';
  const bare = plan.unreplaced.map(
    (f) =>
      `; no ${f} range is allowed (${ALLOWED_VARIABLE[f]} is empty), so ${WORLD[f]} is revoked without a replacement`,
  );
  return `${verb} ingress open to the world on ${groupId}: ${openRulesText(plan.open)}${added}${bare.join('')}`;
}
