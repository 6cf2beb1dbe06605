/**
 * isolate-ec2: cuts an EC2 instance off the network, keeping evidence, on a GuardDuty finding or a
 * Security Hub custom action.
 *
 * Critical path (sequential round trips; everything inside one step runs in parallel):
 *   warm container, groups cached: DescribeInstances -> every ENI to passthrough -> every ENI to
 *   quarantine = 3.
 *   cold container, first incident in VPCs that `security-ir prepare` equipped: AssumeRole ->
 *   DescribeInstances || DescribeSecurityGroups (VPCs the finding names, checked against the live
 *   read; the groups are found by name in it) -> passthrough -> quarantine = 4.
 *   cold container, groups missing (VPC never prepared): ... -> CreateSecurityGroup (both groups,
 *   every VPC) -> RevokeSecurityGroupEgress / AuthorizeSecurityGroup* -> passthrough -> quarantine
 *   = 6.
 * Snapshots and termination protection go out with the passthrough moves; the tags, which mark a
 * completed isolation, go out once the evidence succeeded. Neither is waited for before a move.
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type Ec2Target, toEc2Target } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./isolate'));

/** The Lambda handler. */
export const handler = createHandler<Ec2Target>({
  name: NAME,
  preload: responder,
  accepts: ['guardduty', 'securityhub'],
  toTarget: toEc2Target,
  resourceOf: (target) => target.instanceId,
  respond: async (target, member, ctx) => (await responder()).isolateInstance(target, member, ctx),
});
