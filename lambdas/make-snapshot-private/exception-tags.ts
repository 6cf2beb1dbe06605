/**
 * The exception tag on EBS snapshots, for `security-ir grant`, `revoke` and `audit`: only the
 * account's own snapshots (a public snapshot of another account is never tagged by mistake). IAM
 * sees the snapshot's tag on `ModifySnapshotAttribute`.
 */
import {
  DescribeSnapshotsCommand,
  EC2Client,
  paginateDescribeSnapshots,
} from '@aws-sdk/client-ec2';
import { grantEc2Tag, revokeEc2Tag } from '../shared/ec2-exception-tags';
import {
  type AuditRow,
  auditListing,
  type ExceptionTagKinds,
  exceptionTagKind,
  PARTITION_PATTERN,
  REGION_PATTERN,
  type ScanContext,
  type TagChange,
} from '../shared/exception-tags';
import { RETRY } from '../shared/member-clients';

/** A snapshot named by id or ARN (a snapshot ARN names no account). */
interface SnapshotRef {
  readonly id: string;
  readonly region?: string;
}

const ID = /^snap-[0-9a-f]{8,17}$/;
// A snapshot ARN names no account: `arn:aws:ec2:<region>::snapshot/snap-…`.
const ARN = new RegExp(
  `^arn:${PARTITION_PATTERN}:ec2:(${REGION_PATTERN})::snapshot/(snap-[0-9a-f]{8,17})$`,
);

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

/** Tags a snapshot of this account, keeping the spelling of a key it already carries. */
async function grantSnapshot(
  ec2: EC2Client,
  snapshotId: string,
  key: string,
  value: string,
): Promise<TagChange> {
  const snapshot = await describeSnapshot(ec2, snapshotId);
  return grantEc2Tag(ec2, [{ id: snapshotId, type: 'snapshot' }], snapshot.Tags, key, value);
}

/** Removes the tag (every letter-case variant) from a snapshot; nothing if it has none. */
async function revokeSnapshot(ec2: EC2Client, snapshotId: string, key: string): Promise<TagChange> {
  const snapshot = await describeSnapshot(ec2, snapshotId);
  return revokeEc2Tag(ec2, [{ id: snapshotId, type: 'snapshot' }], snapshot.Tags, key);
}

/** The account's own snapshots of one region carrying the tag. */
function auditSnapshots(ctx: ScanContext, region: string): Promise<AuditRow[]> {
  const ec2 = new EC2Client({ region, credentials: ctx.credentials, ...RETRY });
  async function* pages() {
    for await (const page of paginateDescribeSnapshots({ client: ec2 }, { OwnerIds: ['self'] })) {
      yield (page.Snapshots ?? []).map((s) => ({ resource: s.SnapshotId, tags: s.Tags }));
    }
  }
  return auditListing(ctx, region, 'snapshot', '(EBS snapshots)', pages());
}

/** The kinds this responder owns that carry the exception tag. */
export const exceptionTags: ExceptionTagKinds = {
  'ec2:snapshot': exceptionTagKind<SnapshotRef>({
    parse: (input) => {
      if (ID.test(input)) return { id: input };
      const arn = ARN.exec(input);
      return arn ? { region: arn[1], id: arn[2] as string } : undefined;
    },
    label: (ref) => ref.id,
    regionOf: (ref) => ref.region,
    grant: (ref, where, key, value) =>
      grantSnapshot(new EC2Client({ region: where.region, ...RETRY }), ref.id, key, value),
    revoke: (ref, where, key) =>
      revokeSnapshot(new EC2Client({ region: where.region, ...RETRY }), ref.id, key),
    audit: auditSnapshots,
  }),
};
