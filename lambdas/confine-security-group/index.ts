/**
 * Responder `confine-security-group`: replaces security-group ingress open to the world with the
 * allowed ranges, for non-compliant Config rules and Security Hub custom actions.
 */
import { createHandler } from '../shared/handler';
import { confineGroup } from './contain';
import { NAME } from './name';
import { type GroupTarget, toGroupTarget } from './target';

/** The Lambda handler. */
export const handler = createHandler<GroupTarget>({
  name: NAME,
  accepts: ['config', 'securityhub'],
  toTarget: toGroupTarget,
  resourceOf: (target) => target.groupId,
  respond: confineGroup,
});
