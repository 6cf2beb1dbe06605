/**
 * Release of a contained ECS task: the revoke-sessions policy deleted from its task role, each task
 * interface the containment moved back in its own groups (refused without --force when one is no
 * longer only in its quarantine group), and the container instance released as an isolate-ec2
 * isolation. Snapshots are kept. Nothing to undo for a stopped task: ECS never restarts it.
 */
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { planEc2Release, planInterfacesBack } from '../isolate-ec2/release';
import type { ResponseItem } from '../shared/ledger-schema';
import {
  clientOptions,
  ignoring,
  type PlanRelease,
  type ReleasePlan,
  type ReleaseStep,
  type ReleaseTarget,
} from '../shared/release-plan';
import { revokeReleaseStep } from '../shared/release-revoke';
import type { EcsTaskBefore } from './before';

/** Plans the release of a contained task from a live read of its interfaces. */
export async function planEcsTaskRelease(
  before: EcsTaskBefore,
  response: ResponseItem,
  target: ReleaseTarget,
): Promise<ReleasePlan> {
  const changed: string[] = [];
  const steps: ReleaseStep[] = [];
  const notes: string[] = [];
  if (before.roleName && before.revokePolicyName) {
    const lift = revokeReleaseStep(target, before.roleName, before.revokePolicyName);
    steps.push(lift.step);
    notes.push(lift.note);
  }
  if (before.interfaces.length > 0) {
    const ec2 = new EC2Client(clientOptions(target));
    const ids = before.interfaces.map((n) => n.eni);
    const reply = await ignoring('InvalidNetworkInterfaceID.NotFound', () =>
      ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids })),
    );
    const live = new Map(
      (reply?.NetworkInterfaces ?? []).map((n) => [
        n.NetworkInterfaceId,
        (n.Groups ?? []).map((g) => g.GroupId ?? ''),
      ]),
    );
    const back = planInterfacesBack(ec2, before.interfaces, live, {
      quarantineOf: (n) => before.quarantineGroups[n.vpcId],
      gone: (eni) => ({ note: `${eni} no longer exists (the task stopped): nothing to put back` }),
    });
    changed.push(...back.changed);
    steps.push(...back.steps);
    notes.push(...back.notes);
  }
  if (before.instance) {
    const instance = await planEc2Release(before.instance, response, target);
    changed.push(...instance.changed);
    steps.push(...instance.steps);
    notes.push(...instance.notes);
  }
  notes.push(
    `the task ${before.taskArn} ran code GuardDuty flagged: review its image before trusting it again`,
  );
  return { changed, steps, notes };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<EcsTaskBefore> = (before, { response, target }) =>
  planEcsTaskRelease(before, response, target);
