/**
 * Containing a function: read it live, honour the exception tag (function, then execution role),
 * then, together, set its reserved concurrency to 0 (no new invocation runs) and revoke the
 * execution role's sessions issued before now (the credentials a compromised function may have
 * leaked stop working).
 * GuardDuty's remediation guidance: https://docs.aws.amazon.com/guardduty/latest/ug/remediate-lambda-protection-finding-types.html
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { responderEnv } from '../shared/config';
import { REVOKE_SESSIONS_POLICY_NAME } from '../shared/defaults';
import { describeCause, ResponderError } from '../shared/errors';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import { type MemberTarget, memberClient } from '../shared/member-clients';
import { REVOKE_ACTION, revokeDetail, revokeRoleSessions } from '../shared/revoke-role';
import type { FunctionBefore } from './before';
import { NAME } from './name';
import { readFunction, readRoleTags, roleNameOf } from './read';
import type { FunctionTarget } from './target';

const THROTTLE = 'lambda:PutFunctionConcurrency';

/** Answers one function: skipped (exception), dry-run (plan) or contained. */
export async function containFunction(
  target: FunctionTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const env = responderEnv();
  const lambda = memberClient(LambdaClient, member);
  const live = await readFunction(lambda, target.functionName, member);
  const exception = findException(live.tags, env.SECURITY_TAG_KEY);
  if (exception) {
    return { status: 'skipped', reason: exceptionReason(live.arn, exception), exception };
  }
  const iam = memberClient(IAMClient, member);
  const roleName = live.roleArn ? roleNameOf(live.roleArn) : undefined;
  const notes: string[] = [];
  let revokeRole = roleName;
  if (roleName && live.roleArn) {
    const role = await readRoleTags(iam, roleName, live.roleArn);
    const roleException = findException(role.tags, env.SECURITY_TAG_KEY);
    if (roleException) {
      // The role's own exception: IAM denies the revoke on it anyway; the function is still throttled.
      notes.push(`${exceptionReason(live.roleArn, roleException)} (its sessions are not revoked)`);
      revokeRole = undefined;
    }
  } else {
    notes.push('Lambda names no execution role: no session revoked');
  }
  const alreadyThrottled = live.reservedConcurrency === 0;
  if (alreadyThrottled) notes.push('reserved concurrency was already 0');
  const now = new Date();
  const throttle = `reserved concurrency ${live.reservedConcurrency ?? 'unreserved'} -> 0`;

  if ((await ctx.admit()) === 'dry-run') {
    if (!alreadyThrottled) ctx.log.planned(THROTTLE, live.arn, throttle);
    if (revokeRole) ctx.log.planned(REVOKE_ACTION, live.roleArn as string, revokeDetail(now));
    return {
      status: 'dry-run',
      reason: `would contain Lambda function ${live.arn}: ${summary(alreadyThrottled, revokeRole, notes)}; nothing changed`,
    };
  }
  ctx.remember?.(beforeOf(target, live, alreadyThrottled, revokeRole));
  // Independent writes, sent together (one round trip); each is logged done or failed.
  const writes: Promise<unknown>[] = [];
  if (!alreadyThrottled) {
    writes.push(
      ctx.log.run(
        THROTTLE,
        live.arn,
        () =>
          lambda.send(
            new PutFunctionConcurrencyCommand({
              FunctionName: target.functionName,
              ReservedConcurrentExecutions: 0,
            }),
          ),
        throttle,
      ),
    );
  }
  if (revokeRole) {
    writes.push(
      revokeRoleSessions(
        iam,
        ctx.log,
        { roleName: revokeRole, roleArn: live.roleArn as string },
        now,
      ),
    );
  }

  const failures = (await Promise.allSettled(writes)).flatMap((r) =>
    r.status === 'rejected' ? [r.reason as unknown] : [],
  );
  if (failures.length > 0) {
    throw new ResponderError(
      `containing Lambda function ${live.arn} is incomplete: ${failures.map(describeCause).join('; ')}; ` +
        'the other write was applied; both are idempotent: retry the finding, or finish by hand',
      { cause: failures[0] },
    );
  }
  return {
    status: 'contained',
    reason: `contained Lambda function ${live.arn}: ${summary(alreadyThrottled, revokeRole, notes)}`,
  };
}

function summary(alreadyThrottled: boolean, revokeRole: string | undefined, notes: string[]) {
  return [
    ...(alreadyThrottled ? [] : ['reserved concurrency set to 0 (no new invocation runs)']),
    ...(revokeRole ? [`older sessions of role ${revokeRole} revoked`] : []),
    ...notes,
  ].join('; ');
}

function beforeOf(
  target: FunctionTarget,
  live: { arn: string; reservedConcurrency?: number },
  alreadyThrottled: boolean,
  roleName: string | undefined,
): FunctionBefore {
  return {
    kind: NAME,
    functionName: target.functionName,
    functionArn: live.arn,
    ...(live.reservedConcurrency !== undefined
      ? { reservedConcurrency: live.reservedConcurrency }
      : {}),
    alreadyThrottled,
    ...(roleName ? { roleName, revokePolicyName: REVOKE_SESSIONS_POLICY_NAME } : {}),
  };
}
