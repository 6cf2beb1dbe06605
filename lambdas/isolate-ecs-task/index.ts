/**
 * isolate-ecs-task: contains an ECS task (Fargate or EC2 launch type) that GuardDuty Runtime
 * Monitoring or Malware Protection reports, on the finding or on its Security Hub copy.
 *
 * Critical path, cold container, Fargate task with one interface AWS lets us change, groups to find:
 * AssumeRole -> DescribeTasks || DescribeClusters -> DescribeServices || DescribeTaskDefinition ||
 * DescribeNetworkInterfaces -> GetRole || DescribeSecurityGroups -> PutRolePolicy || passthrough ->
 * quarantine = 6 round trips. With requester-managed interfaces only (every real Fargate task):
 * 5, and the outcome is `escalated` (network not isolated). EC2 launch type, groups exist:
 * AssumeRole -> DescribeTasks || DescribeClusters -> DescribeContainerInstances ||
 * DescribeTaskDefinition -> DescribeInstances || GetRole (isolate-ec2's path starts beside the role
 * read) -> DescribeSecurityGroups || PutRolePolicy -> passthrough -> quarantine = 7 (bench/scenarios.ts).
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type EcsTaskTarget, toEcsTaskTarget } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./contain'));

/** The Lambda handler. */
export const handler = createHandler<EcsTaskTarget>({
  name: NAME,
  preload: responder,
  accepts: ['guardduty', 'securityhub'],
  toTarget: toEcsTaskTarget,
  resourceOf: (t) => t.taskArn,
  respond: async (target, member, ctx) => (await responder()).containTask(target, member, ctx),
});
