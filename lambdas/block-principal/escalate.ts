/**
 * Principals the responder must not or cannot block with IAM policies, and what a person should do
 * instead. Each is escalated (high-priority notification) with no change in the member account.
 */
import type { ResponderEnv } from '../shared/config';
import { REVOKE_SESSIONS_POLICY_NAME } from '../shared/defaults';
import type { Ignore } from '../shared/handler';
import {
  type FoundPrincipal,
  isServiceLinked,
  type PrincipalTarget,
  principalArn,
  type UnblockablePrincipal,
} from './principal';

/**
 * The principal as a target, or, as an `escalated` Ignore, a principal the finding alone shows
 * must not or cannot be blocked: then the member account is not even entered.
 */
export function escalateEarly(
  found: FoundPrincipal,
  env: Pick<ResponderEnv, 'MEMBER_ROLE_NAME' | 'AUTOMATION_ROLE_NAME'>,
): PrincipalTarget | Ignore {
  const escalate = (reason: string): Ignore => ({
    ignore: reason,
    resource: principalArn(found),
    status: 'escalated',
  });
  if (found.kind === 'unblockable') return escalate(unblockableReason(found));
  if (found.kind !== 'role') return found;
  if (found.roleName === env.MEMBER_ROLE_NAME || found.roleName === env.AUTOMATION_ROLE_NAME) {
    return escalate(
      `${principalArn(found)} is a role of the incident response itself: blocking it would stop ` +
        "automated response in this account; review the finding and the role's CloudTrail " +
        'activity by hand; no change was made',
    );
  }
  if (isServiceLinked(found.roleName)) return escalate(serviceLinkedReason(principalArn(found)));
  return found;
}

/** The reason of the escalation of a service-linked role. */
export function serviceLinkedReason(roleArn: string): string {
  return (
    `${roleArn} is a service-linked role: AWS owns its policies and IAM refuses to attach or ` +
    `put policies on it (no ${REVOKE_SESSIONS_POLICY_NAME} possible); review the AWS service ` +
    'that uses it and who can act through that service; no change was made'
  );
}

function unblockableReason(found: UnblockablePrincipal): string {
  const arn = principalArn(found);
  if (found.principalType === 'Root') {
    return (
      `${arn}: the root user cannot be blocked by attaching IAM policies (identity policies do ` +
      'not apply to root); secure it by hand: change the root password, delete root access keys, ' +
      'check its MFA, and review its CloudTrail activity; no change was made'
    );
  }
  if (found.principalType === 'FederatedUser') {
    return (
      `${arn}: a federated user session has no IAM user or role of its own to put a policy on; ` +
      'revoke it at the identity provider, or block the IAM user or role that issued it (its ' +
      'policies bound the session); no change was made'
    );
  }
  return (
    `${arn}: principal type ${found.principalType} is not an IAM user or an assumed role, so ` +
    'there is no IAM identity to put a deny policy on; investigate by hand; no change was made'
  );
}
