/**
 * How a responder reads an OCSF finding: as the native finding it already knows. A GuardDuty
 * finding (`metadata.product.uid` ends `productv2/aws/guardduty`) is read as a `GuardDuty Finding`
 * detail, a CSPM control finding (class 2003) as the Config evaluation of the control's rule, so
 * every responder answers the third dialect through the code that answers the first two.
 *
 * What is acted on is validated here, strictly and with the OCSF field's path: the account and
 * region of the finding (`cloud.*`, never the EventBridge envelope) and the resource's id from
 * `resources[]` (its owner account and ARN, when given, must be the finding's). Everything else
 * is carried over as a hint, as GuardDuty's own details are.
 *
 * Resource objects: https://docs.aws.amazon.com/securityhub/latest/userguide/ocsf-findings.html
 * (`type` is the CloudFormation type, `uid` the id, `uid_alt` the ARN, `data` the provider's details).
 */

import { configRuleOfControl } from '../registry/securityhub-controls';
import { InvalidEventError, quote } from './errors';
import {
  CONTROL_ID,
  type ConfigCompliance,
  controlIdOf,
  GUARDDUTY_TYPE,
  type GuardDutyFinding,
  type SourceFinding,
} from './events';
import { guardDutyIdOfArn, isRecord } from './fields';
import { arnParts, checkInFindingScope } from './finding-region';
import type { Ignore } from './ignore';
import {
  GUARDDUTY_PRODUCT,
  OCSF_CLASS,
  OCSF_GUARDDUTY_RESOURCE_TYPES,
  ocsfGuardDutyId,
  SECURITY_HUB_PRODUCT,
} from './ocsf-schema';

type OcsfSource = Extract<SourceFinding, { kind: 'ocsf' }>;
type NativeSource = Extract<SourceFinding, { kind: 'guardduty' | 'config' }>;

/** One resource of an OCSF finding, read loosely. */
interface OcsfResource {
  readonly type: string;
  readonly uid?: string;
  readonly uidAlt?: string;
  readonly name?: string;
  readonly data: Record<string, unknown>;
  readonly owner?: string;
  readonly path: string;
}

/** GuardDuty's `resource.resourceType` for the OCSF (CloudFormation) type of a resource. */
const GUARDDUTY_RESOURCE_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(OCSF_GUARDDUTY_RESOURCE_TYPES).flatMap(([native, types]) =>
    types.map((t) => [t, native]),
  ),
);

/**
 * Which resource GuardDuty's single `resourceType` names when a finding lists several: the
 * workload before the key that acted on it (an S3 finding lists the key and the bucket; natively
 * its `resourceType` is `S3Bucket`).
 */
const PRIMARY_ORDER = [
  'Instance',
  'ECSCluster',
  'Lambda',
  'S3Bucket',
  'EKSCluster',
  'RDSDBInstance',
  'AccessKey',
] as const;

/** Longest id or ARN read from a resource. */
const MAX_ID = 2048;
const MAX_RESOURCES = 32;

function str(value: unknown, max = MAX_ID): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/** The resources of a finding with a type, read loosely (each one validated only when acted on). */
function resourcesOf(source: OcsfSource): OcsfResource[] {
  const raw = source.finding.resources ?? [];
  return raw.slice(0, MAX_RESOURCES).flatMap((r, i): OcsfResource[] => {
    if (!isRecord(r)) return [];
    const type = str(r.type, 256);
    if (!type) return [];
    const owner = isRecord(r.owner) && isRecord(r.owner.account) ? r.owner.account.uid : undefined;
    const uid = str(r.uid);
    const uidAlt = str(r.uid_alt);
    const name = str(r.name, 512);
    const ownerId = typeof owner === 'string' ? owner : undefined;
    return [
      {
        type,
        ...(uid ? { uid } : {}),
        ...(uidAlt ? { uidAlt } : {}),
        ...(name ? { name } : {}),
        ...(ownerId ? { owner: ownerId } : {}),
        data: isRecord(r.data) ? r.data : {},
        path: `${source.path}.resources[${i}]`,
      },
    ];
  });
}

/**
 * Checks what a responder will act on: the resource's owner account and, when its id or
 * `uid_alt` is an ARN with a region and account, that they are the finding's.
 */
function checkResource(resource: OcsfResource, source: OcsfSource): void {
  if (resource.owner !== undefined && resource.owner !== source.accountId) {
    throw new InvalidEventError(
      `${resource.path}.owner.account.uid`,
      `names account ${quote(resource.owner)}, but the finding is for ${source.accountId} (cloud.account.uid)`,
    );
  }
  for (const [field, value] of [
    ['uid', resource.uid],
    ['uid_alt', resource.uidAlt],
  ] as const) {
    const arn = value === undefined ? undefined : arnParts(value);
    // Global resources (IAM, S3) have ARNs without region or account: nothing to check.
    if (arn?.region && arn.account) {
      checkInFindingScope(arn, source, `${resource.path}.${field}`, `the ${resource.type}`);
    }
  }
}

/** The id a resource is acted on by: `uid`, required. */
function uidOf(resource: OcsfResource): string {
  if (!resource.uid) {
    throw new InvalidEventError(`${resource.path}.uid`, `must name the ${resource.type}`);
  }
  return resource.uid;
}

/**
 * Reads an OCSF finding as the native finding its responder knows, or says why it cannot. Throws
 * {@link InvalidEventError} (OCSF path) when a resource that would be acted on is malformed.
 */
export function nativeViewOf(source: OcsfSource): NativeSource | Ignore {
  const { finding } = source;
  const product = finding.metadata.product.uid;
  if (GUARDDUTY_PRODUCT.test(product)) return guardDutyView(source);
  if (SECURITY_HUB_PRODUCT.test(product) && finding.class_uid === OCSF_CLASS.compliance) {
    return complianceView(source);
  }
  return {
    ignore: `no responder reads findings of ${quote(product)} (class ${finding.class_uid})`,
    resource: resourcesOf(source)[0]?.uid?.slice(0, 128) ?? '-',
  };
}

/** An OCSF GuardDuty finding as the `detail` of a native `GuardDuty Finding` event. */
function guardDutyView(source: OcsfSource): NativeSource | Ignore {
  const { finding } = source;
  const resources = resourcesOf(source);
  const type = finding.finding_info.types?.find((t) => GUARDDUTY_TYPE.test(t));
  const id = ocsfGuardDutyId(finding);
  if (!type || !id) {
    const what = type ? 'finding_info.uid_alt or finding_info.uid' : 'finding_info.types';
    throw new InvalidEventError(
      `${source.path}.${what}`,
      type
        ? 'must hold the GuardDuty finding id or ARN'
        : `must hold a GuardDuty finding type (got ${quote((finding.finding_info.types ?? []).join(', '))})`,
    );
  }
  const mapped = resources.filter((r) => GUARDDUTY_RESOURCE_TYPES[r.type] !== undefined);
  const primary = PRIMARY_ORDER.find((t) =>
    mapped.some((r) => GUARDDUTY_RESOURCE_TYPES[r.type] === t),
  );
  const resourceType = primary ?? resources[0]?.type.slice(0, 64) ?? 'Unknown';
  const resource: Record<string, unknown> = { resourceType };
  for (const r of mapped) {
    checkResource(r, source);
    Object.assign(resource, detailsOf(r, resource));
  }
  const arn = finding.finding_info.uid;
  const detail: GuardDutyFinding = {
    id,
    ...(guardDutyIdOfArn(arn) ? { arn } : {}),
    type,
    accountId: source.accountId,
    region: source.region,
    ...(finding.finding_info.title ? { title: finding.finding_info.title } : {}),
    resource: resource as GuardDutyFinding['resource'],
    service: { ...(finding.count !== undefined ? { count: finding.count } : {}) },
  };
  return {
    kind: 'guardduty',
    accountId: source.accountId,
    region: source.region,
    finding: detail,
    path: source.path,
  };
}

/** GuardDuty's details of one resource (camelCase, as in the native event), merged into `into`. */
function detailsOf(r: OcsfResource, into: Record<string, unknown>): Record<string, unknown> {
  const d = r.data;
  switch (GUARDDUTY_RESOURCE_TYPES[r.type]) {
    case 'Instance':
      return {
        instanceDetails: {
          instanceId: uidOf(r),
          networkInterfaces: Array.isArray(d.network_interfaces)
            ? d.network_interfaces.slice(0, 64).map((n) =>
                isRecord(n)
                  ? {
                      networkInterfaceId: n.network_interface_id,
                      vpcId: n.vpc_id,
                      subnetId: n.subnet_id,
                    }
                  : {},
              )
            : undefined,
        },
      };
    case 'AccessKey':
      return {
        accessKeyDetails: {
          ...(str(d.access_key_id, 128) ? { accessKeyId: d.access_key_id } : {}),
          ...(str(d.principal_id, 256) ? { principalId: d.principal_id } : {}),
          userName: str(d.user_name, 256) ?? r.name,
          userType: d.user_type,
        },
      };
    case 'S3Bucket': {
      const uid = uidOf(r);
      const name = /^arn:aws[\w-]*:s3:::([^/]+)$/.exec(uid)?.[1] ?? uid;
      const buckets = Array.isArray(into.s3BucketDetails) ? into.s3BucketDetails : [];
      return {
        s3BucketDetails: [
          ...buckets,
          { name, ...(r.uidAlt ? { arn: r.uidAlt } : uid.startsWith('arn:') ? { arn: uid } : {}) },
        ],
      };
    }
    case 'Lambda': {
      const uid = uidOf(r);
      const arn = uid.startsWith('arn:') ? uid : r.uidAlt;
      return {
        lambdaDetails: {
          ...(arn ? { functionArn: arn } : {}),
          functionName: uid.startsWith('arn:') ? (r.name ?? uid.split(':')[6]) : uid,
        },
      };
    }
    case 'ECSCluster':
      return { ecsClusterDetails: ecsDetails(r, into) };
    case 'EKSCluster':
      return {
        eksClusterDetails: { name: r.name ?? r.uid, ...(r.uidAlt ? { arn: r.uidAlt } : {}) },
      };
    case 'RDSDBInstance':
      return {
        rdsDbInstanceDetails: {
          dbInstanceIdentifier: r.uid,
          ...(r.uidAlt ? { dbInstanceArn: r.uidAlt } : {}),
        },
      };
    default:
      return {};
  }
}

const TASK_ARN = /^(arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}):task\/([\w-]{1,255})\/[\w-]{1,255}$/;

/** `ecsClusterDetails` from an `AWS::ECS::Task` (its ARN names the cluster) or `AWS::ECS::Cluster`. */
function ecsDetails(r: OcsfResource, into: Record<string, unknown>): Record<string, unknown> {
  const earlier = isRecord(into.ecsClusterDetails) ? into.ecsClusterDetails : {};
  const id =
    r.type === 'AWS::ECS::Task' ? (r.uid?.startsWith('arn:') ? r.uid : r.uidAlt) : undefined;
  if (r.type === 'AWS::ECS::Task') {
    const task = id ?? uidOf(r);
    const m = TASK_ARN.exec(task);
    return {
      ...earlier,
      ...(m && earlier.arn === undefined ? { arn: `${m[1]}:cluster/${m[2]}` } : {}),
      taskDetails: { arn: task },
    };
  }
  const cluster = r.uid?.startsWith('arn:') ? r.uid : (r.uidAlt ?? uidOf(r));
  return { ...earlier, arn: cluster, ...(r.name ? { name: r.name } : {}) };
}

/** Config's `resourceId` of a CSPM control finding's resource (an id, not its ARN). */
function configResourceId(r: OcsfResource): string {
  const uid = uidOf(r);
  const arn = arnParts(uid);
  if (!arn) return uid;
  if (r.type === 'AWS::S3::Bucket') return /^arn:aws[\w-]*:s3:::([^/]+)$/.exec(uid)?.[1] ?? uid;
  // EC2 ARNs end `<kind>/<id>` (security-group/sg-…, volume/vol-…); others keep the ARN.
  const ec2 = /:ec2:[a-z0-9-]+:\d{12}:[a-z-]+\/([\w-]+)$/.exec(uid);
  return ec2?.[1] ?? uid;
}

/** A CSPM control finding as the non-compliant Config evaluation of the control's rule. */
function complianceView(source: OcsfSource): NativeSource | Ignore {
  const control = controlIdOf(source.finding);
  const resources = resourcesOf(source);
  const first = resources[0];
  if (!control) {
    throw new InvalidEventError(
      `${source.path}.compliance.control`,
      `must be a Security Hub control id such as S3.8 (${CONTROL_ID.source})`,
    );
  }
  const rule = configRuleOfControl(control);
  if (!rule) {
    return {
      ignore: `no Config rule is known for Security Hub control ${control}`,
      resource: first?.uid?.slice(0, 128) ?? '-',
    };
  }
  if (!first) {
    throw new InvalidEventError(`${source.path}.resources`, 'must name the evaluated resource');
  }
  checkResource(first, source);
  if (!/^AWS::\w*::\w+$/.test(first.type)) {
    throw new InvalidEventError(
      `${first.path}.type`,
      `must be a resource type such as AWS::S3::Bucket (got ${quote(first.type)})`,
    );
  }
  const compliance: ConfigCompliance = {
    resourceId: configResourceId(first),
    resourceType: first.type,
    awsAccountId: source.accountId,
    awsRegion: source.region,
    configRuleName: rule,
    newEvaluationResult: { complianceType: 'NON_COMPLIANT' },
  };
  return {
    kind: 'config',
    accountId: source.accountId,
    region: source.region,
    compliance,
    path: source.path,
  };
}
