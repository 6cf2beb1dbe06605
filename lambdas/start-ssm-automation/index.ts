/**
 * Responder `start-ssm-automation`: starts the AWS-managed SSM runbook that fixes a resource, for
 * non-compliant Config rules and Security Hub custom actions; notify-only rules are escalated.
 */
import { createHandler } from '../shared/handler';
import { NAME } from './name';
import { startRunbook } from './start';
import { type RunbookTarget, toRunbookTarget } from './target';

/** The Lambda handler. */
export const handler = createHandler<RunbookTarget>({
  name: NAME,
  accepts: ['config', 'securityhub'],
  toTarget: toRunbookTarget,
  resourceOf: (target) => target.resourceId,
  respond: startRunbook,
});
