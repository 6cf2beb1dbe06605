/**
 * Responder `confine-security-group`: replaces security-group ingress open to the world with the
 * allowed ranges, for non-compliant Config rules and Security Hub custom actions.
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type GroupTarget, toGroupTarget } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./contain'));

/** The Lambda handler. */
export const handler = createHandler<GroupTarget>({
  name: NAME,
  preload: responder,
  accepts: ['config', 'securityhub'],
  toTarget: toGroupTarget,
  resourceOf: (target) => target.groupId,
  respond: async (target, member, ctx) => (await responder()).confineGroup(target, member, ctx),
});
