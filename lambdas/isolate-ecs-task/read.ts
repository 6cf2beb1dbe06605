/**
 * The live state of the task before any change, read through the member role. ECS returns tags
 * only when asked (`include: ['TAGS']`), as `{ key, value }`. Fails closed: a tag that cannot be
 * read means an exception cannot be ruled out ({@link TagReadError}), so nothing is changed.
 * DescribeTasks: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
 * Task attachments (`ElasticNetworkInterface`, detail `networkInterfaceId`):
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Attachment.html
 */
import { DescribeNetworkInterfacesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type DescribeTasksCommandOutput,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { isAwsError, ResponderError, TagReadError } from '../shared/errors';
import type { EcsTaskTarget } from './target';

/** ECS tags: `{ key, value }`. */
export type EcsTags = readonly { readonly key?: string; readonly value?: string }[];

/** The task as ECS reports it now. */
export interface LiveTask {
  readonly arn: string;
  /** `RUNNING`, `STOPPED`, ... https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html */
  readonly lastStatus: string;
  readonly desiredStatus: string;
  readonly launchType?: string;
  /** Present for tasks on EC2 container instances. */
  readonly containerInstanceArn?: string;
  /** The service name when the task belongs to one (`group` is `service:<name>`). */
  readonly serviceName?: string;
  readonly taskDefinitionArn?: string;
  /** The task's own network interfaces (awsvpc mode: Fargate, or EC2 with awsvpc). */
  readonly interfaceIds: readonly string[];
  readonly tags: EcsTags;
}

const ENI_ID = /^eni-[0-9a-f]{8,17}$/;

/** Reads the task. Throws ResponderError when ECS does not know it, TagReadError otherwise. */
export async function readTask(ecs: ECSClient, target: EcsTaskTarget): Promise<LiveTask> {
  let out: DescribeTasksCommandOutput;
  try {
    out = await ecs.send(
      new DescribeTasksCommand({
        cluster: target.clusterArn,
        tasks: [target.taskArn],
        include: ['TAGS'],
      }),
    );
  } catch (cause) {
    if (isAwsError(cause, 'ClusterNotFoundException')) {
      throw new ResponderError(
        `ECS cluster ${target.clusterArn} does not exist (deleted since the finding?); nothing was changed`,
        { cause },
      );
    }
    throw new TagReadError(target.taskArn, { cause });
  }
  const task = out.tasks?.find((t) => t.taskArn === target.taskArn) ?? out.tasks?.[0];
  if (!task) {
    const failure = out.failures?.[0];
    // ECS forgets a stopped task about an hour after it stopped.
    throw new ResponderError(
      `ECS task ${target.taskArn} was not found (${failure?.reason ?? 'no task returned'}): it stopped and ECS no longer lists it, or the finding names another cluster; nothing was changed`,
    );
  }
  const interfaceIds = (task.attachments ?? [])
    .filter((a) => a.type === 'ElasticNetworkInterface')
    .flatMap((a) => a.details ?? [])
    .filter((d) => d.name === 'networkInterfaceId' && ENI_ID.test(d.value ?? ''))
    .map((d) => d.value as string);
  const group = task.group ?? '';
  return {
    arn: task.taskArn ?? target.taskArn,
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    desiredStatus: task.desiredStatus ?? 'UNKNOWN',
    ...(task.launchType ? { launchType: task.launchType } : {}),
    ...(task.containerInstanceArn ? { containerInstanceArn: task.containerInstanceArn } : {}),
    ...(group.startsWith('service:') ? { serviceName: group.slice('service:'.length) } : {}),
    ...(task.taskDefinitionArn ? { taskDefinitionArn: task.taskDefinitionArn } : {}),
    interfaceIds: [...new Set(interfaceIds)],
    tags: task.tags ?? [],
  };
}

/**
 * The service's tags, by name within the cluster (works for old and new service ARN formats).
 * A service ECS no longer knows carries no tag: undefined, and the caller says so.
 */
export async function readServiceTags(
  ecs: ECSClient,
  clusterArn: string,
  serviceName: string,
): Promise<{ arn: string; tags: EcsTags } | undefined> {
  try {
    const out = await ecs.send(
      new DescribeServicesCommand({
        cluster: clusterArn,
        services: [serviceName],
        include: ['TAGS'],
      }),
    );
    const service = out.services?.[0];
    if (!service) {
      if (out.failures?.some((f) => f.reason === 'MISSING')) return undefined;
      throw new ResponderError(`no answer for service ${serviceName}`);
    }
    return { arn: service.serviceArn ?? serviceName, tags: service.tags ?? [] };
  } catch (cause) {
    throw new TagReadError(`service ${serviceName} of ${clusterArn}`, { cause });
  }
}

/** The cluster's tags. */
export async function readClusterTags(ecs: ECSClient, clusterArn: string): Promise<EcsTags> {
  try {
    const out = await ecs.send(
      new DescribeClustersCommand({ clusters: [clusterArn], include: ['TAGS'] }),
    );
    const cluster = out.clusters?.[0];
    if (!cluster) throw new ResponderError(`no answer for cluster ${clusterArn}`);
    return cluster.tags ?? [];
  } catch (cause) {
    throw new TagReadError(clusterArn, { cause });
  }
}

/** The task role of a task definition (absent when it has none). */
export async function readTaskRoleArn(
  ecs: ECSClient,
  taskDefinitionArn: string,
): Promise<string | undefined> {
  try {
    const out = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }),
    );
    return out.taskDefinition?.taskRoleArn || undefined;
  } catch (cause) {
    throw new ResponderError(
      `could not read task definition ${taskDefinitionArn} (its task role): nothing was changed`,
      { cause },
    );
  }
}

/** The EC2 instance behind a container instance. */
export async function readContainerInstance(
  ecs: ECSClient,
  clusterArn: string,
  containerInstanceArn: string,
): Promise<string> {
  let instanceId: string | undefined;
  try {
    const out = await ecs.send(
      new DescribeContainerInstancesCommand({
        cluster: clusterArn,
        containerInstances: [containerInstanceArn],
      }),
    );
    instanceId = out.containerInstances?.[0]?.ec2InstanceId;
  } catch (cause) {
    throw new ResponderError(
      `could not read container instance ${containerInstanceArn}: nothing was changed`,
      { cause },
    );
  }
  if (!instanceId || !/^i-[0-9a-f]{8,17}$/.test(instanceId)) {
    throw new ResponderError(
      `container instance ${containerInstanceArn} names no EC2 instance: nothing was changed`,
    );
  }
  return instanceId;
}

/** One task interface as EC2 reports it. */
export interface TaskInterface {
  readonly id: string;
  readonly vpcId: string;
  readonly groupIds: readonly string[];
  /**
   * Created and managed by ECS on the task's behalf. AWS: "You can add or remove tags, but you
   * can't change other properties of a requester-managed network interface"
   * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/requester-managed-eni.html), so its
   * security groups cannot be changed; cloud-custodian issue #3406 reports the same failure.
   */
  readonly requesterManaged: boolean;
}

/** Reads the task's interfaces: their VPC, groups and whether AWS lets us change them. */
export async function readInterfaces(
  ec2: EC2Client,
  ids: readonly string[],
): Promise<TaskInterface[]> {
  if (ids.length === 0) return [];
  try {
    const out = await ec2.send(
      new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [...ids] }),
    );
    return (out.NetworkInterfaces ?? []).map((n) => ({
      id: n.NetworkInterfaceId ?? '',
      vpcId: n.VpcId ?? '',
      groupIds: (n.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
      requesterManaged: n.RequesterManaged === true,
    }));
  } catch (cause) {
    if (isAwsError(cause, 'InvalidNetworkInterfaceID.NotFound')) {
      throw new ResponderError(
        `the task's network interfaces (${ids.join(', ')}) no longer exist: the task has stopped; nothing was changed`,
        { cause },
      );
    }
    throw new ResponderError(`could not read the task's network interfaces ${ids.join(', ')}`, {
      cause,
    });
  }
}
