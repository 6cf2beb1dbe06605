/** The live state of the instance: tags, network interfaces with their VPC and groups, volumes. */
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { isAwsError, ResponderError, TagReadError } from '../shared/errors';

/** One network interface of the instance as it is now. */
export interface LiveInterface {
  readonly id: string;
  readonly vpcId: string;
  readonly groupIds: readonly string[];
}

/** The instance as read from EC2 just before acting. */
export interface LiveInstance {
  readonly instanceId: string;
  readonly state: string;
  readonly tags: readonly { Key?: string; Value?: string }[];
  readonly interfaces: readonly LiveInterface[];
  /** Whether the instance has EBS volumes to snapshot. */
  readonly hasVolumes: boolean;
}

/**
 * Reads the instance. A missing or terminated instance is a failure with a clear reason; any other
 * error means the tags could not be read, so the exception cannot be ruled out
 * ({@link TagReadError}: fail closed).
 */
export async function readInstance(ec2: EC2Client, instanceId: string): Promise<LiveInstance> {
  let reply: DescribeInstancesCommandOutput;
  try {
    reply = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  } catch (cause) {
    if (isAwsError(cause, 'InvalidInstanceID.NotFound')) throw notFound(instanceId, cause);
    throw new TagReadError(instanceId, { cause });
  }
  const instance = reply.Reservations?.flatMap((r) => r.Instances ?? []).find(
    (i) => i.InstanceId === instanceId,
  );
  if (!instance) throw notFound(instanceId);
  const state = instance.State?.Name ?? 'unknown';
  if (state === 'terminated' || state === 'shutting-down') {
    throw new ResponderError(
      `instance ${instanceId} is ${state}: there is nothing left to isolate`,
    );
  }
  const interfaces = (instance.NetworkInterfaces ?? []).map((n) => ({
    id: n.NetworkInterfaceId ?? '',
    vpcId: n.VpcId ?? instance.VpcId ?? '',
    groupIds: (n.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
  }));
  if (interfaces.length === 0 || interfaces.some((n) => n.id === '' || n.vpcId === '')) {
    throw new ResponderError(
      `instance ${instanceId} has no network interface with a VPC to isolate; check it by hand`,
    );
  }
  return {
    instanceId,
    state,
    tags: instance.Tags ?? [],
    interfaces,
    hasVolumes: (instance.BlockDeviceMappings ?? []).some((b) => b.Ebs?.VolumeId),
  };
}

function notFound(instanceId: string, cause?: unknown): ResponderError {
  return new ResponderError(
    `instance ${instanceId} was not found in the finding's account and region; it may have been ` +
      'terminated, or the finding names another region',
    cause === undefined ? undefined : { cause },
  );
}
