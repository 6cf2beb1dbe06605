/**
 * The public snapshots the account owns in the region, with their tags (for the exception): one
 * `DescribeSnapshots` filtered on `RestorableByUserIds: all`, paginated. Fails closed: when the
 * list cannot be read, no snapshot is changed.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSnapshots.html
 */
import { EC2Client, paginateDescribeSnapshots, type Tag } from '@aws-sdk/client-ec2';
import { TagReadError } from '../shared/errors';
import { type MemberTarget, memberClient } from '../shared/member-clients';

/** One publicly restorable snapshot. */
export interface PublicSnapshot {
  readonly snapshotId: string;
  readonly tags: readonly Tag[];
}

/** An EC2 client in the member account. */
export function ec2Of(member: MemberTarget): EC2Client {
  return memberClient(EC2Client, member);
}

/** Every snapshot of the account in the region that anyone may restore. Throws TagReadError. */
export async function readPublicSnapshots(
  ec2: EC2Client,
  member: MemberTarget,
): Promise<PublicSnapshot[]> {
  const found: PublicSnapshot[] = [];
  try {
    const pages = paginateDescribeSnapshots(
      { client: ec2, pageSize: 1000 },
      { OwnerIds: ['self'], RestorableByUserIds: ['all'] },
    );
    for await (const page of pages) {
      for (const s of page.Snapshots ?? []) {
        if (s.SnapshotId) found.push({ snapshotId: s.SnapshotId, tags: s.Tags ?? [] });
      }
    }
  } catch (cause) {
    throw new TagReadError(`the snapshots of ${member.accountId} in ${member.region}`, { cause });
  }
  return found;
}
