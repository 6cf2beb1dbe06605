/**
 * The exception tag on EC2 instances, for `security-ir grant`, `revoke` and `audit`. IAM evaluates
 * the network interface's own tag for `ModifyNetworkInterfaceAttribute` and the volume's for
 * `CreateSnapshots` (FACTS.md; the registry's `alsoOn`), so an instance exception goes on the
 * instance, every network interface and every attached volume, in one call; `audit` flags an
 * excepted instance whose interfaces or volumes lack it.
 */
import {
  DescribeInstancesCommand,
  EC2Client,
  type Instance,
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
  paginateDescribeVolumes,
  type Tag,
} from '@aws-sdk/client-ec2';
import { grantEc2Tag, revokeEc2Tag } from '../shared/ec2-exception-tags';
import { hasExceptionTag } from '../shared/exception';
import {
  type AuditFlag,
  type AuditRow,
  type ExceptionTagKinds,
  errorRow,
  exceptionRow,
  exceptionTagKind,
  PARTITION_PATTERN,
  REGION_PATTERN,
  type ScanContext,
  type TagChange,
  type TaggedResource,
} from '../shared/exception-tags';
import { RETRY } from '../shared/member-clients';
import { chunks } from '../shared/pool';

/** An instance named by id or ARN. */
interface InstanceRef {
  readonly id: string;
  readonly region?: string;
  readonly accountId?: string;
}

const ID = /^i-[0-9a-f]{8,17}$/;
const ARN = new RegExp(
  `^arn:${PARTITION_PATTERN}:ec2:(${REGION_PATTERN}):(\\d{12}):instance/(i-[0-9a-f]{8,17})$`,
);

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
async function grantInstance(
  ec2: EC2Client,
  instanceId: string,
  key: string,
  value: string,
): Promise<TagChange> {
  const instance = await describeInstance(ec2, instanceId);
  return grantEc2Tag(ec2, instanceResources(instance), instance.Tags, key, value);
}

/** Removes the tag (every letter-case variant) from the instance, its interfaces and volumes. */
async function revokeInstance(ec2: EC2Client, instanceId: string, key: string): Promise<TagChange> {
  const instance = await describeInstance(ec2, instanceId);
  return revokeEc2Tag(ec2, instanceResources(instance), instance.Tags, key);
}

/** Tags by id of the given interfaces or volumes (filters: a vanished id is no error). */
async function tagsById(
  ec2: EC2Client,
  kind: 'interfaces' | 'volumes',
  ids: readonly string[],
): Promise<Map<string, Tag[]>> {
  const found = new Map<string, Tag[]>();
  for (const part of chunks([...new Set(ids)], 200)) {
    if (kind === 'interfaces') {
      const pages = paginateDescribeNetworkInterfaces(
        { client: ec2 },
        { Filters: [{ Name: 'network-interface-id', Values: part }] },
      );
      for await (const page of pages) {
        for (const n of page.NetworkInterfaces ?? [])
          found.set(n.NetworkInterfaceId ?? '', n.TagSet ?? []);
      }
    } else {
      const pages = paginateDescribeVolumes(
        { client: ec2 },
        { Filters: [{ Name: 'volume-id', Values: part }] },
      );
      for await (const page of pages) {
        for (const v of page.Volumes ?? []) found.set(v.VolumeId ?? '', v.Tags ?? []);
      }
    }
  }
  return found;
}

const eniIds = (i: Instance) =>
  (i.NetworkInterfaces ?? []).flatMap((n) => n.NetworkInterfaceId ?? []);
const volumeIds = (i: Instance) =>
  (i.BlockDeviceMappings ?? []).flatMap((b) => b.Ebs?.VolumeId ?? []);

/** Instances of one region carrying the tag, flagged when an interface or volume lacks it. */
async function auditInstances(ctx: ScanContext, region: string): Promise<AuditRow[]> {
  try {
    const ec2 = new EC2Client({ region, credentials: ctx.credentials, ...RETRY });
    const instances: Instance[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2 }, {})) {
      for (const r of page.Reservations ?? []) instances.push(...(r.Instances ?? []));
    }
    const excepted = instances.filter(
      (i) => i.State?.Name !== 'terminated' && hasExceptionTag(i.Tags, ctx.tagKey),
    );
    const [enis, volumes] = await Promise.all([
      tagsById(ec2, 'interfaces', excepted.flatMap(eniIds)),
      tagsById(ec2, 'volumes', excepted.flatMap(volumeIds)),
    ]);
    const lacks = (ids: string[], tags: Map<string, Tag[]>) =>
      ids.some((id) => tags.has(id) && !hasExceptionTag(tags.get(id), ctx.tagKey));
    return excepted.flatMap((i) => {
      const extra: AuditFlag[] = [];
      if (lacks(eniIds(i), enis)) extra.push('untagged-interfaces');
      if (lacks(volumeIds(i), volumes)) extra.push('untagged-volumes');
      const where = { resource: i.InstanceId ?? '', type: 'instance', region };
      return exceptionRow(ctx, where, i.Tags, extra) ?? [];
    });
  } catch (error) {
    return [errorRow(ctx.account, region, '(EC2 instances)', error)];
  }
}

/** The kinds this responder owns that carry the exception tag. */
export const exceptionTags: ExceptionTagKinds = {
  'ec2:instance': exceptionTagKind<InstanceRef>({
    parse: (input) => {
      if (ID.test(input)) return { id: input };
      const arn = ARN.exec(input);
      return arn ? { region: arn[1], accountId: arn[2], id: arn[3] as string } : undefined;
    },
    label: (ref) => ref.id,
    regionOf: (ref) => ref.region,
    accountOf: (ref) => ref.accountId,
    grant: (ref, where, key, value) =>
      grantInstance(new EC2Client({ region: where.region, ...RETRY }), ref.id, key, value),
    revoke: (ref, where, key) =>
      revokeInstance(new EC2Client({ region: where.region, ...RETRY }), ref.id, key),
    audit: auditInstances,
  }),
};
