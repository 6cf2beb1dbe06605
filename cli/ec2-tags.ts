/**
 * Exception tags on EC2 resources. IAM evaluates the network interface's own tag for
 * `ModifyNetworkInterfaceAttribute` and the volume's for `CreateSnapshot` (FACTS.md), so an instance
 * exception goes on the instance, every network interface and every attached volume, in one call.
 */
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import { keyVariants, type TagChange, type TaggedResource } from './tag-change';

async function describeInstance(ec2: EC2Client, instanceId: string): Promise<Instance> {
  const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const instance = out.Reservations?.flatMap((r) => r.Instances ?? []).find(
    (i) => i.InstanceId === instanceId,
  );
  if (!instance) throw new Error(`instance ${instanceId} was not found in this account and region`);
  return instance;
}

/** The instance, its network interfaces and its attached EBS volumes. */
function instanceResources(instance: Instance): TaggedResource[] {
  const enis = (instance.NetworkInterfaces ?? []).flatMap((n) =>
    n.NetworkInterfaceId ? [{ id: n.NetworkInterfaceId, type: 'network interface' }] : [],
  );
  const volumes = (instance.BlockDeviceMappings ?? []).flatMap((b) =>
    b.Ebs?.VolumeId ? [{ id: b.Ebs.VolumeId, type: 'volume' }] : [],
  );
  return [{ id: instance.InstanceId as string, type: 'instance' }, ...enis, ...volumes];
}

/** Tags the instance, its network interfaces and volumes with one `CreateTags`. */
export async function grantInstance(
  ec2: EC2Client,
  instanceId: string,
  key: string,
  value: string,
): Promise<TagChange> {
  const instance = await describeInstance(ec2, instanceId);
  const resources = instanceResources(instance);
  // EC2 keys are case-sensitive: overwrite a variant the instance already carries, never add a twin.
  const spelling = keyVariants(instance.Tags, key).keys[0] ?? key;
  await ec2.send(
    new CreateTagsCommand({
      Resources: resources.map((r) => r.id),
      Tags: [{ Key: spelling, Value: value }],
    }),
  );
  return { resources, keys: [spelling] };
}

/** Removes the tag (every letter-case variant) from the instance, its interfaces and volumes. */
export async function revokeInstance(
  ec2: EC2Client,
  instanceId: string,
  key: string,
): Promise<TagChange> {
  const instance = await describeInstance(ec2, instanceId);
  const resources = instanceResources(instance);
  const found = keyVariants(instance.Tags, key);
  const keys = [...new Set([key, ...found.keys])];
  // A key without a value deletes the tag whatever its value; absent keys are no error.
  await ec2.send(
    new DeleteTagsCommand({
      Resources: resources.map((r) => r.id),
      Tags: keys.map((k) => ({ Key: k })),
    }),
  );
  return { resources, keys, ...(found.value !== undefined ? { previous: found.value } : {}) };
}

/** Tags a security group. */
export async function grantSecurityGroup(
  ec2: EC2Client,
  groupId: string,
  key: string,
  value: string,
): Promise<TagChange> {
  await ec2.send(
    new CreateTagsCommand({ Resources: [groupId], Tags: [{ Key: key, Value: value }] }),
  );
  return { resources: [{ id: groupId, type: 'security group' }], keys: [key] };
}

/** Removes the tag (every letter-case variant) from a security group; nothing if it has none. */
export async function revokeSecurityGroup(
  ec2: EC2Client,
  groupId: string,
  key: string,
): Promise<TagChange> {
  const out = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const group = out.SecurityGroups?.find((g) => g.GroupId === groupId);
  if (!group) throw new Error(`security group ${groupId} was not found in this account and region`);
  const found = keyVariants(group.Tags, key);
  if (found.keys.length === 0) return { resources: [], keys: [] };
  await ec2.send(
    new DeleteTagsCommand({ Resources: [groupId], Tags: found.keys.map((k) => ({ Key: k })) }),
  );
  return {
    resources: [{ id: groupId, type: 'security group' }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}

/** Tags a snapshot of this account (IAM sees its tag on ModifySnapshotAttribute). */
export async function grantSnapshot(
  ec2: EC2Client,
  snapshotId: string,
  key: string,
  value: string,
): Promise<TagChange> {
  const found = keyVariants((await describeSnapshot(ec2, snapshotId)).Tags, key);
  // EC2 keys are case-sensitive: overwrite a variant the snapshot already carries, never add a twin.
  const spelling = found.keys[0] ?? key;
  await ec2.send(
    new CreateTagsCommand({ Resources: [snapshotId], Tags: [{ Key: spelling, Value: value }] }),
  );
  return {
    resources: [{ id: snapshotId, type: 'snapshot' }],
    keys: [spelling],
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}

/** Removes the tag (every letter-case variant) from a snapshot; nothing if it has none. */
export async function revokeSnapshot(
  ec2: EC2Client,
  snapshotId: string,
  key: string,
): Promise<TagChange> {
  const found = keyVariants((await describeSnapshot(ec2, snapshotId)).Tags, key);
  if (found.keys.length === 0) return { resources: [], keys: [] };
  await ec2.send(
    new DeleteTagsCommand({ Resources: [snapshotId], Tags: found.keys.map((k) => ({ Key: k })) }),
  );
  return {
    resources: [{ id: snapshotId, type: 'snapshot' }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}

async function describeSnapshot(ec2: EC2Client, snapshotId: string) {
  // OwnerIds self: a public snapshot of another account is never tagged by mistake.
  const out = await ec2.send(
    new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId], OwnerIds: ['self'] }),
  );
  const snapshot = out.Snapshots?.find((s) => s.SnapshotId === snapshotId);
  if (!snapshot)
    throw new Error(`snapshot ${snapshotId} is not one of this account in this region`);
  return snapshot;
}
