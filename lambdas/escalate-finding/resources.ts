/**
 * The resources a GuardDuty finding names, as short readable lines for the analyst: read loosely
 * from the finding (hints only, nothing is acted on), each copy bounded. Shapes:
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Resource.html and, for attack
 * sequences, https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Sequence.html
 */
import { bounded } from '../shared/bounded';
import type { GuardDutyFinding } from '../shared/events';

/** Longest copy of one value from the finding. */
const MAX_VALUE = 96;
/** Most entries taken from one list of the finding (signals, buckets, containers). */
export const MAX_LISTED = 5;

type Loose = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field of a loose object, bounded; undefined when absent or not a string. */
function str(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const v = value[key];
  return typeof v === 'string' && v !== '' ? bounded(v, MAX_VALUE) : undefined;
}

function list(value: unknown, key?: string): Loose[] {
  const raw = key === undefined ? value : isRecord(value) ? value[key] : undefined;
  return Array.isArray(raw) ? raw.filter(isRecord) : [];
}

/** `label value (extra, extra)` without the missing parts; undefined without a value. */
function line(label: string, value: string | undefined, ...extra: (string | undefined)[]) {
  if (value === undefined) return undefined;
  const more = extra.filter((e): e is string => e !== undefined);
  return `${label} ${value}${more.length ? ` (${more.join(', ')})` : ''}`;
}

/** At most {@link MAX_LISTED} entries, with a count of the rest. */
function capped(lines: (string | undefined)[]): string[] {
  const present = lines.filter((l): l is string => l !== undefined);
  if (present.length <= MAX_LISTED) return present;
  return [...present.slice(0, MAX_LISTED), `(+${present.length - MAX_LISTED} more)`];
}

function instance(r: GuardDutyFinding['resource']): (string | undefined)[] {
  return [line('EC2 instance', str(r.instanceDetails, 'instanceId'))];
}

function accessKey(r: GuardDutyFinding['resource']): (string | undefined)[] {
  const k = r.accessKeyDetails;
  return [line('access key', str(k, 'accessKeyId'), str(k, 'userType'), str(k, 'userName'))];
}

function s3(r: GuardDutyFinding['resource']): (string | undefined)[] {
  return capped(
    list(r.s3BucketDetails).map((b) => line('S3 bucket', str(b, 'name') ?? str(b, 'arn'))),
  );
}

function eks(r: GuardDutyFinding['resource']): (string | undefined)[] {
  const c = r.eksClusterDetails;
  const k = isRecord(r.kubernetesDetails) ? r.kubernetesDetails : undefined;
  const workload = k?.kubernetesWorkloadDetails;
  const user = k?.kubernetesUserDetails;
  return [
    line('EKS cluster', str(c, 'name'), str(c, 'arn'), str(c, 'vpcId')),
    line(
      'Kubernetes workload',
      str(workload, 'name'),
      str(workload, 'type'),
      str(workload, 'namespace') && `namespace ${str(workload, 'namespace')}`,
    ),
    line('Kubernetes user', str(user, 'username')),
  ];
}

function ecs(r: GuardDutyFinding['resource']): (string | undefined)[] {
  const c = r.ecsClusterDetails;
  const task = isRecord(c) ? c.taskDetails : undefined;
  return [
    line('ECS cluster', str(c, 'name'), str(c, 'arn')),
    line('ECS task', str(task, 'arn'), str(task, 'launchType'), str(task, 'group')),
    line('task definition', str(task, 'definitionArn')),
  ];
}

function container(r: GuardDutyFinding['resource']): (string | undefined)[] {
  const c = r.containerDetails;
  return [line('container', str(c, 'name') ?? str(c, 'id'), str(c, 'image'))];
}

function lambda(r: GuardDutyFinding['resource']): (string | undefined)[] {
  const f = r.lambdaDetails;
  return [line('Lambda function', str(f, 'functionArn') ?? str(f, 'functionName'), str(f, 'role'))];
}

function rds(r: GuardDutyFinding['resource']): (string | undefined)[] {
  const db = r.rdsDbInstanceDetails ?? r.rdsLimitlessDbDetails;
  const user = r.rdsDbUserDetails;
  return [
    line(
      'RDS database',
      str(db, 'dbInstanceIdentifier') ?? str(db, 'dbShardGroupIdentifier'),
      str(db, 'engine'),
      str(db, 'dbClusterIdentifier') && `cluster ${str(db, 'dbClusterIdentifier')}`,
    ),
    line('database user', str(user, 'user'), str(user, 'application'), str(user, 'database')),
  ];
}

/** The signals and resources of an attack sequence (`service.detection.sequence`). */
function sequence(finding: GuardDutyFinding): (string | undefined)[] {
  const detection = finding.service?.detection;
  const seq = isRecord(detection) ? detection.sequence : undefined;
  const signals = list(seq, 'signals').map((s) =>
    line('signal', str(s, 'name'), str(s, 'type'), str(s, 'description')),
  );
  const resources = list(seq, 'resources').map((r) =>
    line('sequence resource', str(r, 'uid'), str(r, 'resourceType')),
  );
  return [...capped(signals), ...capped(resources)];
}

/** What the finding names, one line per resource, at most a few per kind. */
export function namedResources(finding: GuardDutyFinding): string[] {
  const r = finding.resource;
  const lines = [
    ...instance(r),
    ...accessKey(r),
    ...s3(r),
    ...eks(r),
    ...ecs(r),
    ...container(r),
    ...lambda(r),
    ...rds(r),
    ...sequence(finding),
  ];
  return lines.filter((l): l is string => l !== undefined);
}
