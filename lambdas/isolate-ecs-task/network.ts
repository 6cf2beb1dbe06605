/**
 * The task's own network interfaces, isolated with isolate-ec2's code and groups (the same per-VPC
 * passthrough and quarantine groups, found again or created under the same names): only those AWS
 * lets us change. ECS creates a task's awsvpc interfaces (Fargate, and awsvpc tasks on EC2) as
 * requester-managed interfaces, whose security groups cannot be changed through EC2
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/requester-managed-eni.html: "You can add
 * or remove tags, but you can't change other properties of a requester-managed network
 * interface"; a captured Fargate ENI shows `RequesterManaged: true`, `RequesterId` an AWS-owned
 * account; cloud-custodian issue #3406 reports ModifyNetworkInterfaceAttribute failing on them
 * even with admin rights). Those are left alone and reported as not isolated.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { resolveGroups, startLookup } from '../isolate-ec2/groups';
import { type IsolationPlan, planIsolation } from '../isolate-ec2/plan';
import type { MemberTarget } from '../shared/member-clients';
import type { TaskInterface } from './read';

/** The task interfaces split by whether AWS lets us change their groups. */
export interface InterfacePlan {
  /** Moves of the changeable interfaces (empty when none, or all already in quarantine). */
  readonly plan?: IsolationPlan;
  /** Changeable interfaces, moved now or already only in quarantine. */
  readonly changeable: readonly TaskInterface[];
  /** Requester-managed interfaces: their groups cannot be changed. */
  readonly pinned: readonly TaskInterface[];
}

/** Plans the moves of the changeable interfaces of `taskLabel` to quarantine. */
export async function planInterfaces(
  ec2: EC2Client,
  member: MemberTarget,
  prefix: string,
  taskLabel: string,
  interfaces: readonly TaskInterface[],
  findingId: string,
  exceptionTagKey: string,
): Promise<InterfacePlan> {
  const changeable = interfaces.filter((n) => !n.requesterManaged && n.id && n.vpcId);
  const pinned = interfaces.filter((n) => !changeable.includes(n));
  if (changeable.length === 0) return { changeable, pinned };
  const vpcIds = [...new Set(changeable.map((n) => n.vpcId))];
  const groups = await resolveGroups(
    ec2,
    member,
    prefix,
    vpcIds,
    startLookup(ec2, member, prefix, vpcIds),
  );
  const plan = planIsolation(
    {
      instanceId: taskLabel,
      state: 'running',
      tags: [],
      interfaces: changeable.map((n) => ({ id: n.id, vpcId: n.vpcId, groupIds: n.groupIds })),
      hasVolumes: false,
    },
    groups,
    // A task has no volume to snapshot and no instance to protect or tag.
    { findingId, preserveEvidence: false, exceptionTagKey, now: new Date() },
  );
  return { plan: { ...plan, tags: [] }, changeable, pinned };
}

/** Whether the plan changes anything (a group to create or repair, an interface to move). */
export function changesAnything(plan: IsolationPlan | undefined): plan is IsolationPlan {
  return plan !== undefined && (plan.moves.length > 0 || plan.groups.length > 0);
}
