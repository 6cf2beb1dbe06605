/**
 * The ECS task a finding names: GuardDuty `resource.ecsClusterDetails` (`arn` = the cluster,
 * `taskDetails.arn` = the task) of an `ECSCluster` finding (Runtime Monitoring, Malware
 * Protection), or the `AwsEcsTask` resource of a Security Hub copy. The cluster and task ARNs are
 * what the responder acts on: validated strictly, and in the finding's own account, region and
 * partition. A finding that names a cluster but no task is not contained here: it ends
 * `escalated` (high priority), never dropped. Validation only; no AWS call.
 * GuardDuty: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_EcsClusterDetails.html
 * ARN formats (old and new task ARNs): https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-account-settings.html#ecs-resource-ids
 */
import { InvalidEventError, quote } from '../shared/errors';
import { parseWith, type SourceFinding } from '../shared/events';
import { checkInFindingScope } from '../shared/finding-region';
import type { Ignore } from '../shared/handler';
import * as z from '../shared/zod';

/** The task to contain, in its cluster. */
export interface EcsTaskTarget {
  readonly clusterArn: string;
  readonly taskArn: string;
}

/** A cluster ARN: cluster names are up to 255 letters, digits, hyphens and underscores. */
const CLUSTER_ARN = /^arn:(aws[a-z-]{0,8}):ecs:([a-z0-9-]{1,32}):(\d{12}):cluster\/([\w-]{1,255})$/;
/** A task ARN, new format (`task/<cluster>/<id>`) or old (`task/<id>`); ids are 32 hex or a UUID. */
const TASK_ARN =
  /^arn:(aws[a-z-]{0,8}):ecs:([a-z0-9-]{1,32}):(\d{12}):task\/(?:([\w-]{1,255})\/)?([0-9a-f]{32}|[0-9a-f-]{36})$/;

/** The part of `ecsClusterDetails` the responder acts on. */
export const GuardDutyEcsSchema = z.lazySchema(() =>
  z.object({
    arn: z.string().check(z.maxLength(2048)),
    taskDetails: z.optional(z.object({ arn: z.string().check(z.maxLength(2048)) })),
  }),
);

const ECS_DETAILS = ['detail', 'resource', 'ecsClusterDetails'] as const;

/** Parses a GuardDuty or Security Hub finding into the task to contain. */
export function toEcsTaskTarget(
  source: Extract<SourceFinding, { kind: 'guardduty' | 'securityhub' }>,
): EcsTaskTarget | Ignore {
  if (source.kind === 'securityhub') return fromAsff(source);
  const { resource } = source.finding;
  if (resource.resourceType !== 'ECSCluster') {
    return {
      ignore: `the finding is about a ${quote(resource.resourceType)} resource, not an ECS task`,
      resource: resource.resourceType.slice(0, 64),
    };
  }
  const details = parseWith(GuardDutyEcsSchema, resource.ecsClusterDetails, ECS_DETAILS);
  const path = ECS_DETAILS.join('.');
  const cluster = clusterOf(details.arn, source, `${path}.arn`);
  if (!details.taskDetails) return clusterOnly(cluster.arn);
  return taskIn(cluster, details.taskDetails.arn, source, `${path}.taskDetails.arn`);
}

function fromAsff(source: Extract<SourceFinding, { kind: 'securityhub' }>): EcsTaskTarget | Ignore {
  const resources = source.finding.Resources;
  const index = resources.findIndex((r) => r.Type === 'AwsEcsTask');
  const task = resources[index];
  if (!task) {
    const clusterIndex = resources.findIndex((r) => r.Type === 'AwsEcsCluster');
    const cluster = resources[clusterIndex];
    if (cluster) {
      const path = `${source.path}.Resources[${clusterIndex}].Id`;
      return clusterOnly(clusterOf(cluster.Id, source, path).arn);
    }
    const types = resources.map((r) => r.Type).join(', ');
    return {
      ignore: `the finding has no AwsEcsTask resource (resources: ${types.slice(0, 200)})`,
      resource: resources[0]?.Id.slice(0, 256) ?? '(none)',
    };
  }
  const path = `${source.path}.Resources[${index}]`;
  const details = task.Details?.AwsEcsTask;
  const clusterArn =
    typeof details === 'object' && details !== null && 'ClusterArn' in details
      ? (details as { ClusterArn?: unknown }).ClusterArn
      : undefined;
  if (typeof clusterArn === 'string') {
    const cluster = clusterOf(clusterArn, source, `${path}.Details.AwsEcsTask.ClusterArn`);
    return taskIn(cluster, task.Id, source, `${path}.Id`);
  }
  // No cluster in the details: a new-format task ARN names its cluster.
  const m = TASK_ARN.exec(task.Id);
  if (!m?.[4]) {
    throw new InvalidEventError(
      `${path}.Details.AwsEcsTask.ClusterArn`,
      'is missing, and the task ARN does not name its cluster',
    );
  }
  const [, partition, region, account, name] = m as unknown as string[] as [
    string,
    string,
    string,
    string,
    string,
  ];
  const arn = `arn:${partition}:ecs:${region}:${account}:cluster/${name}`;
  return taskIn({ arn, name }, task.Id, source, `${path}.Id`);
}

/** A finding about a whole cluster: escalated with high priority, not contained, not dropped. */
function clusterOnly(clusterArn: string): Ignore {
  return {
    ignore: `the finding names ECS cluster ${clusterArn} but no task: there is no task to contain; check the cluster's tasks and services by hand`,
    resource: clusterArn,
    status: 'escalated',
  };
}

function clusterOf(arn: string, source: SourceFinding, path: string) {
  const m = CLUSTER_ARN.exec(arn);
  if (!m) throw new InvalidEventError(path, `must be an ECS cluster ARN (got ${quote(arn)})`);
  const [, partition, region, account, name] = m as unknown as string[] as [
    string,
    string,
    string,
    string,
    string,
  ];
  checkInFindingScope({ partition, region, account }, source, path, 'a cluster');
  return { arn, name };
}

function taskIn(
  cluster: { arn: string; name: string },
  taskArn: string,
  source: SourceFinding,
  path: string,
): EcsTaskTarget {
  const m = TASK_ARN.exec(taskArn);
  if (!m) throw new InvalidEventError(path, `must be an ECS task ARN (got ${quote(taskArn)})`);
  const [, partition, region, account, clusterName] = m as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  checkInFindingScope({ partition, region, account }, source, path, 'a task');
  if (clusterName !== undefined && clusterName !== cluster.name) {
    throw new InvalidEventError(
      path,
      `names a task of cluster ${quote(clusterName)}, but the finding's cluster is ${quote(cluster.name)}`,
    );
  }
  return { clusterArn: cluster.arn, taskArn };
}
