/**
 * The live state of the bucket: its tags (for the exception) and its Block Public Access
 * settings (before the change, for the ledger). Fails closed: unreadable tags stop the response.
 */
import {
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
  S3Client,
} from '@aws-sdk/client-s3';
import { ResponderError, TagReadError } from '../shared/errors';
import type { TagsInput } from '../shared/exception';
import { type MemberTarget, memberClient } from '../shared/member-clients';

/** The four Block Public Access settings, all on: what the response restores. */
export const ALL_BLOCKED = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
} as const satisfies Required<PublicAccessBlockConfiguration>;

/** The bucket's four settings; `undefined` when it has no configuration at all. */
export type BucketBlock = Required<Record<keyof typeof ALL_BLOCKED, boolean>> | undefined;

/** An S3 client in the member account. */
export function s3Of(member: MemberTarget): S3Client {
  return memberClient(S3Client, member);
}

/** The bucket's tags; a bucket without tags answers NoSuchTagSet. Throws TagReadError. */
export async function readBucketTags(
  s3: S3Client,
  bucket: string,
  member: MemberTarget,
): Promise<TagsInput> {
  try {
    // ExpectedBucketOwner: bucket names are global; a bucket of another account is not ours.
    const out = await s3.send(
      new GetBucketTaggingCommand({ Bucket: bucket, ExpectedBucketOwner: member.accountId }),
    );
    return out.TagSet ?? [];
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : '';
    if (name === 'NoSuchTagSet') return [];
    if (name === 'NoSuchBucket') {
      throw new ResponderError(
        `bucket ${bucket} does not exist (deleted since the finding?); nothing to restore`,
        { cause },
      );
    }
    throw new TagReadError(`arn:aws:s3:::${bucket}`, { cause });
  }
}

/** The bucket's Block Public Access settings; none configured answers an error, read as undefined. */
export async function readBucketBlock(
  s3: S3Client,
  bucket: string,
  member: MemberTarget,
): Promise<BucketBlock> {
  try {
    const out = await s3.send(
      new GetPublicAccessBlockCommand({ Bucket: bucket, ExpectedBucketOwner: member.accountId }),
    );
    const c = out.PublicAccessBlockConfiguration ?? {};
    return {
      BlockPublicAcls: c.BlockPublicAcls === true,
      IgnorePublicAcls: c.IgnorePublicAcls === true,
      BlockPublicPolicy: c.BlockPublicPolicy === true,
      RestrictPublicBuckets: c.RestrictPublicBuckets === true,
    };
  } catch (cause) {
    if (cause instanceof Error && cause.name === 'NoSuchPublicAccessBlockConfiguration') {
      return undefined;
    }
    throw cause;
  }
}

/** Whether every setting is on. */
export function isBlocked(block: BucketBlock): boolean {
  return block !== undefined && Object.values(block).every(Boolean);
}
