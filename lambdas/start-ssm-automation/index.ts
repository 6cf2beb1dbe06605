/**
 * Responder `start-ssm-automation`: starts the AWS-managed SSM runbook that fixes a resource, for
 * non-compliant Config rules and Security Hub custom actions; notify-only rules are escalated.
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type RunbookTarget, toRunbookTarget } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./start'));

/** The Lambda handler. */
export const handler = createHandler<RunbookTarget>({
  name: NAME,
  preload: responder,
  accepts: ['config', 'securityhub'],
  toTarget: toRunbookTarget,
  resourceOf: (target) => target.resourceId,
  respond: async (target, member, ctx) => (await responder()).startRunbook(target, member, ctx),
});
