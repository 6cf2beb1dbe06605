/**
 * The exception tag on RDS DB snapshots and DB cluster snapshots, for `security-ir grant`, `revoke`
 * and `audit`. IAM evaluates the snapshot's own tag (`aws:ResourceTag`) on
 * ModifyDBSnapshotAttribute / ModifyDBClusterSnapshotAttribute, and the responder reads the same
 * tags (`TagList`). Named by ARN: an identifier alone does not say which of the two types it is.
 */
import {
  AddTagsToResourceCommand,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBSnapshots,
  RDSClient,
  RemoveTagsFromResourceCommand,
  type Tag,
} from '@aws-sdk/client-rds';
import {
  type AuditRow,
  auditListing,
  type ExceptionTagKinds,
  exceptionTagKind,
  keyVariants,
  type ScanContext,
  type TagChange,
  type TagWhere,
} from '../shared/exception-tags';
import { RETRY } from '../shared/member-clients';
import type { RdsSnapshotType } from './before';
import { snapshotTags } from './read';
import { IDENTIFIER, SNAPSHOT_ARN } from './target';

/** A snapshot by its ARN. */
interface SnapshotRef {
  readonly arn: string;
  readonly identifier: string;
  readonly region: string;
  readonly accountId: string;
}

/** The TYPE of `audit` and `grant` rows (the registry's `exceptionTag.type`). */
const TYPE = { snapshot: 'rds-snapshot', 'cluster-snapshot': 'rds-cluster-snapshot' } as const;

const rdsIn = (where: TagWhere) => new RDSClient({ region: where.region, ...RETRY });

async function liveTags(rds: RDSClient, type: RdsSnapshotType, ref: SnapshotRef): Promise<Tag[]> {
  const tags = await snapshotTags(rds, type, ref.identifier);
  if (!tags) throw new Error(`${type} ${ref.identifier} was not found in this account and region`);
  return tags;
}

/** Tags the snapshot, overwriting a letter-case variant it already carries (RDS keys are case-sensitive). */
async function grant(
  type: RdsSnapshotType,
  ref: SnapshotRef,
  where: TagWhere,
  key: string,
  value: string,
): Promise<TagChange> {
  const rds = rdsIn(where);
  const found = keyVariants(await liveTags(rds, type, ref), key);
  const spelling = found.keys[0] ?? key;
  await rds.send(
    new AddTagsToResourceCommand({
      ResourceName: ref.arn,
      Tags: [{ Key: spelling, Value: value }],
    }),
  );
  return {
    resources: [{ id: ref.arn, type: TYPE[type] }],
    keys: [spelling],
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}

/** Removes the tag (every letter-case variant) from the snapshot; nothing if it has none. */
async function revoke(
  type: RdsSnapshotType,
  ref: SnapshotRef,
  where: TagWhere,
  key: string,
): Promise<TagChange> {
  const rds = rdsIn(where);
  const found = keyVariants(await liveTags(rds, type, ref), key);
  if (found.keys.length === 0) return { resources: [], keys: [] };
  await rds.send(new RemoveTagsFromResourceCommand({ ResourceName: ref.arn, TagKeys: found.keys }));
  return {
    resources: [{ id: ref.arn, type: TYPE[type] }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}

/** The account's own snapshots of one type in one region carrying the tag (listed with their tags). */
function audit(type: RdsSnapshotType, ctx: ScanContext, region: string): Promise<AuditRow[]> {
  const rds = new RDSClient({ region, credentials: ctx.credentials, ...RETRY });
  async function* pages() {
    if (type === 'snapshot') {
      for await (const page of paginateDescribeDBSnapshots({ client: rds }, {})) {
        yield (page.DBSnapshots ?? []).map((s) => ({ resource: s.DBSnapshotArn, tags: s.TagList }));
      }
    } else {
      for await (const page of paginateDescribeDBClusterSnapshots({ client: rds }, {})) {
        yield (page.DBClusterSnapshots ?? []).map((s) => ({
          resource: s.DBClusterSnapshotArn,
          tags: s.TagList,
        }));
      }
    }
  }
  const what = type === 'snapshot' ? '(RDS DB snapshots)' : '(RDS DB cluster snapshots)';
  return auditListing(ctx, region, TYPE[type], what, pages());
}

function snapshotKind(type: RdsSnapshotType) {
  return exceptionTagKind<SnapshotRef>({
    parse: (input) => {
      const m = SNAPSHOT_ARN.exec(input);
      if (!m || m[4] !== type || !IDENTIFIER.test(m[5] as string)) return undefined;
      return {
        arn: input,
        region: m[2] as string,
        accountId: m[3] as string,
        identifier: m[5] as string,
      };
    },
    label: (ref) => ref.arn,
    regionOf: (ref) => ref.region,
    accountOf: (ref) => ref.accountId,
    grant: (ref, where, key, value) => grant(type, ref, where, key, value),
    revoke: (ref, where, key) => revoke(type, ref, where, key),
    audit: (ctx, region) => audit(type, ctx, region),
  });
}

/** The kinds this responder owns that carry the exception tag. */
export const exceptionTags: ExceptionTagKinds = {
  'rds:snapshot': snapshotKind('snapshot'),
  'rds:cluster-snapshot': snapshotKind('cluster-snapshot'),
};
