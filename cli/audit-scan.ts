/**
 * The read-only scans of one member account for `audit`, through the member role, using only the
 * actions of `AUDIT_READS`. Tag keys are compared as the responders compare them (`exception.ts`).
 * A scan never throws: a failure becomes an error row and the other scans go on.
 */
import {
  EC2Client,
  type Instance,
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
  type Tag,
} from '@aws-sdk/client-ec2';
import { IAMClient, paginateListRoles, paginateListUsers } from '@aws-sdk/client-iam';
import { LambdaClient, ListTagsCommand, paginateListFunctions } from '@aws-sdk/client-lambda';
import { paginateListBuckets, S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { describeCause, isAwsError } from '../lambdas/shared/errors';
import { findException, hasExceptionTag, type TagsInput } from '../lambdas/shared/exception';
import { RETRY } from '../lambdas/shared/member-clients';
import { bucketTags } from './bucket-tags';
import { principalTags } from './iam-tags';
import { chunks, mapLimit } from './pool';

/** What an audit row describes. */
export type AuditType =
  | 'instance'
  | 'security-group'
  | 'snapshot'
  | 'bucket'
  | 'function'
  | 'user'
  | 'role'
  | 'error';

/** Why a row needs attention. */
export type AuditFlag =
  | 'expired'
  | 'malformed'
  | 'untagged-interfaces'
  | 'untagged-volumes'
  | 'error';

/** One resource carrying the exception tag, or one part of an account that could not be read. */
export interface AuditRow {
  readonly resource: string;
  readonly type: AuditType;
  readonly account: string;
  /** The resource's region; `global` for IAM. */
  readonly region: string;
  readonly key?: string;
  readonly value?: string;
  readonly ticket?: string;
  readonly expires?: string;
  readonly flags: readonly AuditFlag[];
  readonly error?: string;
}

/** One member account, reached through the member role. */
export interface ScanContext {
  readonly account: string;
  readonly credentials: AwsCredentialIdentity;
  readonly tagKey: string;
  readonly now: Date;
}

/** Parallel reads per account (IAM and S3 tag reads are one call per principal or bucket). */
const PER_ACCOUNT = 4;

/** A row for a part of an account that could not be read. */
export function errorRow(account: string, region: string, what: string, error: unknown): AuditRow {
  return {
    resource: what,
    type: 'error',
    account,
    region,
    flags: ['error'],
    error: describeCause(error),
  };
}

function exceptionRow(
  ctx: ScanContext,
  where: { resource: string; type: AuditType; region: string },
  tags: TagsInput | undefined,
  extra: readonly AuditFlag[] = [],
): AuditRow | undefined {
  const ex = findException(tags, ctx.tagKey, ctx.now);
  if (!ex) return undefined;
  const flags: AuditFlag[] = [];
  if (ex.expired) flags.push('expired');
  if (ex.malformed) flags.push('malformed');
  return {
    ...where,
    account: ctx.account,
    key: ex.key,
    value: ex.value,
    ticket: ex.ticket,
    ...(ex.expires !== undefined ? { expires: ex.expires } : {}),
    flags: [...flags, ...extra],
  };
}

const clientConfig = (ctx: ScanContext, region: string) => ({
  region,
  credentials: ctx.credentials,
  ...RETRY,
});

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

/** Instances, security groups and snapshots of one region carrying the exception tag. */
export async function scanRegion(ctx: ScanContext, region: string): Promise<AuditRow[]> {
  try {
    const ec2 = new EC2Client(clientConfig(ctx, region));
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
    const rows = excepted.flatMap((i) => {
      const extra: AuditFlag[] = [];
      if (lacks(eniIds(i), enis)) extra.push('untagged-interfaces');
      if (lacks(volumeIds(i), volumes)) extra.push('untagged-volumes');
      const where = { resource: i.InstanceId ?? '', type: 'instance' as const, region };
      return exceptionRow(ctx, where, i.Tags, extra) ?? [];
    });
    for await (const page of paginateDescribeSecurityGroups({ client: ec2 }, {})) {
      for (const g of page.SecurityGroups ?? []) {
        const where = { resource: g.GroupId ?? '', type: 'security-group' as const, region };
        const row = exceptionRow(ctx, where, g.Tags);
        if (row) rows.push(row);
      }
    }
    return [...rows, ...(await scanSnapshots(ctx, ec2, region))];
  } catch (error) {
    return [errorRow(ctx.account, region, '(EC2 instances and security groups)', error)];
  }
}

/** The account's own snapshots of one region carrying the exception tag. */
async function scanSnapshots(
  ctx: ScanContext,
  ec2: EC2Client,
  region: string,
): Promise<AuditRow[]> {
  try {
    const rows: AuditRow[] = [];
    for await (const page of paginateDescribeSnapshots({ client: ec2 }, { OwnerIds: ['self'] })) {
      for (const snap of page.Snapshots ?? []) {
        const where = { resource: snap.SnapshotId ?? '', type: 'snapshot' as const, region };
        const row = exceptionRow(ctx, where, snap.Tags);
        if (row) rows.push(row);
      }
    }
    return rows;
  } catch (error) {
    return [errorRow(ctx.account, region, '(EBS snapshots)', error)];
  }
}

/**
 * Lambda functions of one region carrying the exception tag (ListFunctions returns no tags: one
 * ListTags per function). Tags belong to the function, never to a version or alias.
 */
export async function scanFunctions(ctx: ScanContext, region: string): Promise<AuditRow[]> {
  const lambda = new LambdaClient(clientConfig(ctx, region));
  const functions: string[] = [];
  try {
    for await (const page of paginateListFunctions({ client: lambda }, {})) {
      for (const f of page.Functions ?? []) if (f.FunctionArn) functions.push(f.FunctionArn);
    }
  } catch (error) {
    return [errorRow(ctx.account, region, '(Lambda functions)', error)];
  }
  const rows = await mapLimit(functions, PER_ACCOUNT, async (arn) => {
    try {
      const tags = (await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags;
      return exceptionRow(ctx, { resource: arn, type: 'function', region }, tags);
    } catch (error) {
      // Deleted since the listing: nothing to report.
      if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
      return errorRow(ctx.account, region, arn, error);
    }
  });
  return rows.filter((r): r is AuditRow => r !== undefined);
}

/** Buckets of every region carrying the exception tag, each read in its own region. */
export async function scanBuckets(ctx: ScanContext, homeRegion: string): Promise<AuditRow[]> {
  const clients = new Map<string, S3Client>();
  const s3In = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new S3Client({ ...clientConfig(ctx, region), followRegionRedirects: true });
      clients.set(region, client);
    }
    return client;
  };
  const buckets: { name: string; region: string }[] = [];
  try {
    for await (const page of paginateListBuckets({ client: s3In(homeRegion) }, {})) {
      for (const b of page.Buckets ?? []) {
        if (b.Name) buckets.push({ name: b.Name, region: b.BucketRegion ?? homeRegion });
      }
    }
  } catch (error) {
    return [errorRow(ctx.account, 'global', '(S3 buckets)', error)];
  }
  const rows = await mapLimit(buckets, PER_ACCOUNT, async (b) => {
    try {
      const tags = await bucketTags(s3In(b.region), b.name);
      return exceptionRow(ctx, { resource: b.name, type: 'bucket', region: b.region }, tags);
    } catch (error) {
      // Deleted since the listing: nothing to report.
      if (isAwsError(error, 'NoSuchBucket')) return undefined;
      return errorRow(ctx.account, b.region, b.name, error);
    }
  });
  return rows.filter((r): r is AuditRow => r !== undefined);
}

/** IAM users and roles carrying the exception tag (IAM lists no tags: one read per principal). */
export async function scanIam(ctx: ScanContext, homeRegion: string): Promise<AuditRow[]> {
  try {
    const iam = new IAMClient(clientConfig(ctx, homeRegion));
    const principals: { kind: 'user' | 'role'; name: string; arn: string }[] = [];
    for await (const page of paginateListUsers({ client: iam }, {})) {
      for (const u of page.Users ?? []) {
        if (u.UserName && u.Arn) principals.push({ kind: 'user', name: u.UserName, arn: u.Arn });
      }
    }
    for await (const page of paginateListRoles({ client: iam }, {})) {
      for (const r of page.Roles ?? []) {
        if (r.RoleName && r.Arn) principals.push({ kind: 'role', name: r.RoleName, arn: r.Arn });
      }
    }
    const rows = await mapLimit(principals, PER_ACCOUNT, async (p) =>
      exceptionRow(
        ctx,
        { resource: p.arn, type: p.kind, region: 'global' },
        await principalTags(iam, p),
      ),
    );
    return rows.filter((r): r is AuditRow => r !== undefined);
  } catch (error) {
    return [errorRow(ctx.account, 'global', '(IAM users and roles)', error)];
  }
}
