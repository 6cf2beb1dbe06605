/**
 * The live state of one RDS snapshot: its tags (for the exception, from the snapshot's own
 * `TagList`) and who may restore it (the `restore` attribute). Fails closed: when the snapshot or
 * its attributes cannot be read, nothing is changed.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshotAttributes.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterSnapshotAttributes.html
 */
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  type Tag,
} from '@aws-sdk/client-rds';
import { isAwsError, TagReadError } from '../shared/errors';
import { type MemberTarget, memberClient } from '../shared/member-clients';
import type { RdsSnapshotType } from './before';

/** The answer RDS gives for a snapshot that does not exist (any more). */
export const NOT_FOUND = [
  'DBSnapshotNotFound',
  'DBSnapshotNotFoundFault',
  'DBClusterSnapshotNotFoundFault',
];

/** One snapshot as read: its tags and the values of its `restore` attribute. */
export interface LiveSnapshot {
  readonly tags: readonly Tag[];
  /** Account ids it is shared with, and `all` when it is public. */
  readonly restore: readonly string[];
}

/** The snapshot's `restore` attribute values (`all`: public). */
export async function restoreValues(
  rds: RDSClient,
  snapshotType: RdsSnapshotType,
  identifier: string,
): Promise<string[]> {
  const attributes =
    snapshotType === 'snapshot'
      ? (
          await rds.send(
            new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: identifier }),
          )
        ).DBSnapshotAttributesResult?.DBSnapshotAttributes
      : (
          await rds.send(
            new DescribeDBClusterSnapshotAttributesCommand({
              DBClusterSnapshotIdentifier: identifier,
            }),
          )
        ).DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes;
  return (attributes ?? [])
    .filter((a) => a.AttributeName === 'restore')
    .flatMap((a) => a.AttributeValues ?? []);
}

/** The snapshot's own tags (`TagList` of DescribeDBSnapshots / DescribeDBClusterSnapshots). */
export async function snapshotTags(
  rds: RDSClient,
  snapshotType: RdsSnapshotType,
  identifier: string,
): Promise<Tag[] | undefined> {
  if (snapshotType === 'snapshot') {
    const out = await rds.send(
      new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier }),
    );
    const found = out.DBSnapshots?.find((s) => s.DBSnapshotIdentifier === identifier);
    return found ? (found.TagList ?? []) : undefined;
  }
  const out = await rds.send(
    new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: identifier }),
  );
  const found = out.DBClusterSnapshots?.find((s) => s.DBClusterSnapshotIdentifier === identifier);
  return found ? (found.TagList ?? []) : undefined;
}

/** An RDS client in the member account. */
export function rdsOf(member: MemberTarget): RDSClient {
  return memberClient(RDSClient, member);
}

/**
 * The snapshot's tags and restore permission, or undefined when it no longer exists. Throws
 * TagReadError on any other failure. The two reads go out together: one round trip, not two.
 */
export async function readSnapshot(
  rds: RDSClient,
  snapshotType: RdsSnapshotType,
  identifier: string,
): Promise<LiveSnapshot | undefined> {
  const [tags, restore] = await Promise.allSettled([
    snapshotTags(rds, snapshotType, identifier),
    restoreValues(rds, snapshotType, identifier),
  ]);
  const failed = (reason: unknown) => {
    if (isAwsError(reason, NOT_FOUND)) return undefined;
    throw new TagReadError(`${snapshotType} ${identifier}`, { cause: reason });
  };
  if (tags.status === 'rejected') return failed(tags.reason);
  if (!tags.value) return undefined;
  if (restore.status === 'rejected') return failed(restore.reason);
  return { tags: tags.value, restore: restore.value };
}
