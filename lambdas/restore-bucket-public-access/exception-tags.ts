/**
 * The exception tag on S3 buckets, for `security-ir grant`, `revoke` and `audit`. IAM sees a bucket's tags only when bucket ABAC is enabled (off by
 * default, FACTS.md), and once it is enabled S3 rejects `PutBucketTagging` / `DeleteBucketTagging`
 * for that bucket: its tags then change only through S3 Control `TagResource` / `UntagResource`
 * (read with `ListTagsForResource`). A grant on a bucket with ABAC off writes the merged tag set and
 * enables ABAC second, so every later grant or revoke of that bucket goes through S3 Control.
 */
import {
  DeleteBucketTaggingCommand,
  GetBucketAbacCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketAbacCommand,
  PutBucketTaggingCommand,
  paginateListBuckets,
  S3Client,
  type Tag,
} from '@aws-sdk/client-s3';
import {
  ListTagsForResourceCommand,
  S3ControlClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-s3-control';
import { isAwsError } from '../shared/errors';
import {
  type AuditRow,
  type ExceptionTagKinds,
  errorRow,
  exceptionRow,
  exceptionTagKind,
  keyVariants,
  PARTITION_PATTERN,
  PER_ACCOUNT,
  type ScanContext,
  type TagChange,
  type TagWhere,
} from '../shared/exception-tags';
import { RETRY } from '../shared/member-clients';
import { mapLimit } from '../shared/pool';

/** Where a bucket lives: its name, the owner expected by every call, and the partition. */
interface BucketTarget {
  readonly bucket: string;
  /** The account of the operator's credentials: S3 refuses the call for a bucket of another. */
  readonly owner: string;
  readonly partition: string;
}

/** The clients for a bucket's tags: S3 (following region redirects) and S3 Control per region. */
interface BucketClients {
  readonly s3: S3Client;
  /** An S3 Control client in `region`. */
  readonly controlIn: (region: string) => S3ControlClient;
}

/** S3 Control's names for one bucket, and a client in the bucket's region. */
interface ControlTarget {
  readonly control: S3ControlClient;
  readonly region: string;
  readonly AccountId: string;
  readonly ResourceArn: string;
}

const MAX_BUCKET_TAGS = 50;

async function abacEnabled(s3: S3Client, t: BucketTarget): Promise<boolean> {
  const out = await s3.send(
    new GetBucketAbacCommand({ Bucket: t.bucket, ExpectedBucketOwner: t.owner }),
  );
  return out.AbacStatus?.Status === 'Enabled';
}

/** The bucket's tags; a bucket without tags answers `NoSuchTagSet`. */
async function bucketTags(s3: S3Client, bucket: string, owner?: string): Promise<Tag[]> {
  try {
    const out = await s3.send(
      new GetBucketTaggingCommand({
        Bucket: bucket,
        ...(owner ? { ExpectedBucketOwner: owner } : {}),
      }),
    );
    // System tags (aws:*, e.g. from CloudFormation) cannot be written by a requester, so they are
    // never part of a tag set this tool writes back; the exception key can never be one of them.
    return (out.TagSet ?? []).filter((t) => !t.Key?.toLowerCase().startsWith('aws:'));
  } catch (error) {
    if (isAwsError(error, 'NoSuchTagSet')) return [];
    throw error;
  }
}

async function controlTarget(c: BucketClients, t: BucketTarget): Promise<ControlTarget> {
  // S3 Control goes to `<account>.s3-control.<client region>`, with no bucket redirect as in S3:
  // the bucket's own region comes from HeadBucket, which the S3 client follows there.
  const head = await c.s3.send(
    new HeadBucketCommand({ Bucket: t.bucket, ExpectedBucketOwner: t.owner }),
  );
  const region = head.BucketRegion ?? (await c.s3.config.region());
  return {
    control: c.controlIn(region),
    region,
    AccountId: t.owner,
    ResourceArn: `arn:${t.partition}:s3:::${t.bucket}`,
  };
}

async function controlTags(ct: ControlTarget): Promise<Tag[]> {
  const { AccountId, ResourceArn } = ct;
  const out = await ct.control.send(new ListTagsForResourceCommand({ AccountId, ResourceArn }));
  return out.Tags ?? [];
}

function tooManyTags(t: BucketTarget, count: number): Error {
  return new Error(
    `bucket ${t.bucket} already carries ${count} tags; S3 allows ${MAX_BUCKET_TAGS}`,
  );
}

async function grantThroughControl(
  c: BucketClients,
  t: BucketTarget,
  key: string,
  value: string,
): Promise<TagChange> {
  const ct = await controlTarget(c, t);
  const { AccountId, ResourceArn } = ct;
  const current = await controlTags(ct);
  const found = keyVariants(current, key);
  const kept = current.length - found.keys.length;
  if (kept + 1 > MAX_BUCKET_TAGS) throw tooManyTags(t, current.length);
  const others = found.keys.filter((k) => k !== key);
  // Other spellings go first: a full bucket has room for the key, and a failure in between leaves
  // the bucket with no exception (the responders act as usual), never with a stale one.
  if (others.length > 0) {
    await ct.control.send(new UntagResourceCommand({ AccountId, ResourceArn, TagKeys: others }));
  }
  await ct.control.send(
    new TagResourceCommand({ AccountId, ResourceArn, Tags: [{ Key: key, Value: value }] }),
  );
  return {
    resources: [{ id: t.bucket, type: 'bucket' }],
    keys: [key],
    ...(found.value !== undefined ? { previous: found.value } : {}),
    notes: [
      `bucket ABAC is on: tagged with S3 Control TagResource in ${ct.region}, the other ${kept} tag(s) untouched`,
      ...(others.length ? [`removed the other spelling(s) ${others.join(', ')}`] : []),
    ],
  };
}

/**
 * Grants the exception on a bucket. ABAC on: S3 Control `TagResource`, after `UntagResource` of
 * other letter-case variants. ABAC off: the merged tag set with `PutBucketTagging`, then ABAC on.
 */
async function grantBucket(
  c: BucketClients,
  t: BucketTarget,
  key: string,
  value: string,
): Promise<TagChange> {
  if (await abacEnabled(c.s3, t)) return grantThroughControl(c, t, key, value);
  // The S3 Control reference lists general purpose buckets for TagResource but says nothing of
  // buckets with ABAC off; PutBucketTagging is documented for them, so the tag set goes first.
  const current = await bucketTags(c.s3, t.bucket, t.owner);
  const found = keyVariants(current, key);
  const wanted = key.toLowerCase();
  const merged = [
    ...current.filter((tag) => tag.Key?.toLowerCase() !== wanted),
    { Key: key, Value: value },
  ];
  if (merged.length > MAX_BUCKET_TAGS) throw tooManyTags(t, current.length);
  await c.s3.send(
    new PutBucketTaggingCommand({
      Bucket: t.bucket,
      ExpectedBucketOwner: t.owner,
      Tagging: { TagSet: merged },
    }),
  );
  await c.s3.send(
    new PutBucketAbacCommand({
      Bucket: t.bucket,
      ExpectedBucketOwner: t.owner,
      AbacStatus: { Status: 'Enabled' },
    }),
  );
  return {
    resources: [{ id: t.bucket, type: 'bucket' }],
    keys: [key],
    ...(found.value !== undefined ? { previous: found.value } : {}),
    notes: [
      `kept the bucket's ${merged.length - 1} other tag(s)`,
      'enabled bucket ABAC, so the member role Deny sees the tag; from now on this bucket is tagged with S3 Control TagResource / UntagResource',
    ],
  };
}

async function revokeThroughControl(
  c: BucketClients,
  t: BucketTarget,
  key: string,
): Promise<TagChange> {
  const ct = await controlTarget(c, t);
  const { AccountId, ResourceArn } = ct;
  const found = keyVariants(await controlTags(ct), key);
  if (found.keys.length === 0) return { resources: [], keys: [] };
  await ct.control.send(new UntagResourceCommand({ AccountId, ResourceArn, TagKeys: found.keys }));
  return {
    resources: [{ id: t.bucket, type: 'bucket' }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
    notes: [`bucket ABAC is on: removed with S3 Control UntagResource in ${ct.region}`],
  };
}

/**
 * Removes every letter-case variant of the exception from a bucket; nothing if it has none. ABAC
 * on: S3 Control `UntagResource`. ABAC off: the tag set written back, or deleted when it was the
 * only tag.
 */
async function revokeBucket(c: BucketClients, t: BucketTarget, key: string): Promise<TagChange> {
  if (await abacEnabled(c.s3, t)) return revokeThroughControl(c, t, key);
  const current = await bucketTags(c.s3, t.bucket, t.owner);
  const found = keyVariants(current, key);
  if (found.keys.length === 0) return { resources: [], keys: [] };
  const wanted = key.toLowerCase();
  const rest = current.filter((tag) => tag.Key?.toLowerCase() !== wanted);
  if (rest.length === 0) {
    await c.s3.send(
      new DeleteBucketTaggingCommand({ Bucket: t.bucket, ExpectedBucketOwner: t.owner }),
    );
  } else {
    await c.s3.send(
      new PutBucketTaggingCommand({
        Bucket: t.bucket,
        ExpectedBucketOwner: t.owner,
        Tagging: { TagSet: rest },
      }),
    );
  }
  return {
    resources: [{ id: t.bucket, type: 'bucket' }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
    notes: [rest.length ? `kept the bucket's ${rest.length} other tag(s)` : 'it was the only tag'],
  };
}

/** Buckets of every region carrying the tag, each read in its own region (listed once). */
async function auditBuckets(ctx: ScanContext, homeRegion: string): Promise<AuditRow[]> {
  const clients = new Map<string, S3Client>();
  const s3In = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new S3Client({
        region,
        credentials: ctx.credentials,
        ...RETRY,
        followRegionRedirects: true,
      });
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

const BUCKET = '([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])';
const BUCKET_ARN = new RegExp(`^arn:${PARTITION_PATTERN}:s3:::${BUCKET}$`);
const BUCKET_URL = new RegExp(`^s3://${BUCKET}/?$`);

/** S3 calls are redirected to the bucket's own region; S3 Control is created there. */
function bucketOf(name: string, where: TagWhere): { c: BucketClients; t: BucketTarget } {
  return {
    c: {
      s3: new S3Client({ region: where.region, ...RETRY, followRegionRedirects: true }),
      controlIn: (region: string) => new S3ControlClient({ region, ...RETRY }),
    },
    t: { bucket: name, owner: where.account, partition: where.partition },
  };
}

/** The kinds this responder owns that carry the exception tag. */
export const exceptionTags: ExceptionTagKinds = {
  's3:bucket': exceptionTagKind<string>({
    parse: (input) => (BUCKET_ARN.exec(input) ?? BUCKET_URL.exec(input))?.[1],
    label: (name) => name,
    grant: (name, where, key, value) => {
      const { c, t } = bucketOf(name, where);
      return grantBucket(c, t, key, value);
    },
    revoke: (name, where, key) => {
      const { c, t } = bucketOf(name, where);
      return revokeBucket(c, t, key);
    },
    audit: auditBuckets,
  }),
};
