/**
 * escalate-finding: the catch-all for GuardDuty. Every finding reaches it; a finding another
 * responder contains is left to that responder, and every other one (EKS, RDS, attack sequences,
 * ECS and container workloads, and any type without a containment) is escalated: a high-priority
 * alert that lists the resources the finding names and what an analyst should check first, and,
 * in contain mode, a note on the finding. It never enters a member account and changes nothing.
 *
 * Critical path: no AWS call before the alert except the response mode (ListParents, cached).
 */
import { createHandler } from '../shared/handler';
import { NAME } from './name';
import { containerOfFinding, toEscalation } from './target';

/** The Lambda handler. */
export const handler = createHandler<never>({
  name: NAME,
  accepts: ['guardduty'],
  toTarget: toEscalation,
  // The containing responder alerts on the finding (and on its samples): no second alert.
  leftToOthers: (source) => containerOfFinding(source) !== undefined,
  resourceOf: () => '(none)',
  needsMember: () => false,
  // toEscalation only ever returns an Ignore, so there is no target to answer.
  respond: async () => {
    throw new Error('escalate-finding never has a target to answer');
  },
});
