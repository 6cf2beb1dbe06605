/**
 * The live tags of the runbook's resource, read directly: `GetBucketTagging` for a bucket, the
 * tagging API with the one ARN otherwise. If they cannot be read, nothing is started.
 */
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { ResponderError, TagReadError } from '../shared/errors';
import type { TagsInput } from '../shared/exception';
import { type MemberTarget, memberClient } from '../shared/member-clients';
import type { RunbookTarget } from './target';

/** The resource a tag read is about. */
export type TaggedResource = Pick<RunbookTarget, 'resourceType' | 'resourceId' | 'arn'>;

/** Reads the resource's tags. Throws TagReadError (fail closed), or a clear error if it is gone. */
export async function readResourceTags(
  resource: TaggedResource,
  member: MemberTarget,
): Promise<TagsInput> {
  if (resource.resourceType === 'AWS::S3::Bucket') return readBucketTags(resource, member);
  const tagging = memberClient(ResourceGroupsTaggingAPIClient, member);
  try {
    const out = await tagging.send(new GetResourcesCommand({ ResourceARNList: [resource.arn] }));
    // The tagging API lists only resources that carry (or carried) tags: absent means untagged.
    return out.ResourceTagMappingList?.find((m) => m.ResourceARN === resource.arn)?.Tags ?? [];
  } catch (cause) {
    throw new TagReadError(resource.arn, { cause });
  }
}

async function readBucketTags(resource: TaggedResource, member: MemberTarget): Promise<TagsInput> {
  const s3 = memberClient(S3Client, member);
  try {
    // ExpectedBucketOwner: bucket names are global; a bucket of another account is not ours to read.
    const out = await s3.send(
      new GetBucketTaggingCommand({
        Bucket: resource.resourceId,
        ExpectedBucketOwner: member.accountId,
      }),
    );
    return out.TagSet ?? [];
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : '';
    // S3 answers a bucket without tags with an error rather than an empty set.
    if (name === 'NoSuchTagSet') return [];
    if (name === 'NoSuchBucket') {
      throw new ResponderError(
        `bucket ${resource.resourceId} does not exist (deleted since the finding?); nothing to remediate`,
        { cause },
      );
    }
    throw new TagReadError(resource.arn, { cause });
  }
}
