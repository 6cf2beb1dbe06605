/**
 * block-principal: blocks the IAM user or role behind credentials that GuardDuty (or an analyst,
 * through a Security Hub custom action) reports as compromised.
 *
 * - IAM user: deactivate the finding's long-term access key, attach DENY_POLICY_ARN, and put the
 *   inline AWSRevokeOlderSessions policy.
 * - Assumed role: put AWSRevokeOlderSessions, and attach DENY_POLICY_ARN when DENY_POLICY_ON_ROLES.
 * - Root, federated users, service-linked roles and the responders' own roles: escalated, no change.
 *
 * Critical path (sequential round trips; the writes of one step run in parallel):
 *   user, cold container: AssumeRole -> GetUser -> UpdateAccessKey || AttachUserPolicy ||
 *   PutUserPolicy = 3 (2 when the member credentials are cached).
 *   role, cold container: AssumeRole -> GetRole -> PutRolePolicy || AttachRolePolicy = 3.
 *   escalations decided from the finding (root, federated users, the responders' own roles,
 *   service-linked roles by name): 0 member-account calls, the member role is not assumed.
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type PrincipalTarget, principalArn } from './principal';
import { toPrincipalTarget } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./contain'));

/** The Lambda handler. */
export const handler = createHandler<PrincipalTarget>({
  name: NAME,
  preload: responder,
  accepts: ['guardduty', 'securityhub'],
  toTarget: toPrincipalTarget,
  resourceOf: principalArn,
  respond: async (target, member, ctx) => (await responder()).blockPrincipal(target, member, ctx),
});
