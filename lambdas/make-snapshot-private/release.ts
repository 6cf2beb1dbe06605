/**
 * Release of snapshots made private: gives each back the public create-volume permission it had
 * (the group `all`), after checking it still exists and is still private. A snapshot deleted or
 * made public again since is reported as changed and left alone.
 */
import {
  DescribeSnapshotAttributeCommand,
  EC2Client,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import {
  clientOptions,
  ignoring,
  type PlanRelease,
  type ReleasePlan,
  type ReleaseStep,
  type ReleaseTarget,
} from '../shared/release-plan';
import type { SnapshotsBefore } from './before';

/** Plans the release of snapshots whose public permission was removed. */
export async function planSnapshotsRelease(
  before: SnapshotsBefore,
  target: ReleaseTarget,
): Promise<ReleasePlan> {
  const ec2 = new EC2Client(clientOptions(target));
  const lives = await Promise.all(
    before.snapshots.map((s) =>
      ignoring(['InvalidSnapshot.NotFound', 'InvalidSnapshotID.Malformed'], () =>
        ec2.send(
          new DescribeSnapshotAttributeCommand({
            SnapshotId: s.snapshotId,
            Attribute: 'createVolumePermission',
          }),
        ),
      ),
    ),
  );
  const changed: string[] = [];
  const steps: ReleaseStep[] = [];
  before.snapshots.forEach((s, i) => {
    const live = lives[i];
    if (!live) {
      changed.push(`${s.snapshotId} no longer exists`);
      return;
    }
    const publicNow = (live.CreateVolumePermissions ?? []).some((p) =>
      (s.groups as readonly string[]).includes(p.Group ?? ''),
    );
    if (publicNow) {
      changed.push(`${s.snapshotId} is public again`);
      return;
    }
    steps.push({
      action: 'ec2:ModifySnapshotAttribute',
      target: s.snapshotId,
      detail: `createVolumePermission: add group ${s.groups.join(', ')}`,
      run: () =>
        ec2.send(
          new ModifySnapshotAttributeCommand({
            SnapshotId: s.snapshotId,
            Attribute: 'createVolumePermission',
            OperationType: 'add',
            GroupNames: [...s.groups],
          }),
        ),
    });
  });
  return {
    changed,
    steps,
    notes: steps.length
      ? ['the snapshots become restorable by anyone again: release only an approved public share']
      : [],
  };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<SnapshotsBefore> = (before, { target }) =>
  planSnapshotsRelease(before, target);
