/**
 * Restoring one bucket's Block Public Access: read its tags and settings, honour the exception,
 * then turn the four settings on (or, in dry-run, plan it).
 */
import { PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { responderEnv } from '../shared/config';
import { exceptionReason, findException } from '../shared/exception';
import type { RespondContext, Result } from '../shared/handler';
import type { MemberTarget } from '../shared/member-clients';
import type { BucketBefore } from './before';
import { NAME } from './name';
import { ALL_BLOCKED, isBlocked, readBucketBlock, readBucketTags, s3Of } from './read';
import type { BucketTarget } from './target';

/** Reads the bucket, checks the exception, then restores Block Public Access (or plans it). */
export async function restoreBucket(
  target: BucketTarget,
  member: MemberTarget,
  ctx: RespondContext,
): Promise<Result> {
  const s3 = s3Of(member);
  const { bucket } = target;
  const [tags, block] = await Promise.all([
    readBucketTags(s3, bucket, member),
    readBucketBlock(s3, bucket, member),
  ]);
  const exception = findException(tags, responderEnv().SECURITY_TAG_KEY);
  if (exception)
    return { status: 'skipped', reason: exceptionReason(bucket, exception), exception };
  if (isBlocked(block)) {
    return {
      status: ctx.mode === 'dry-run' ? 'dry-run' : 'contained',
      reason: `${bucket} already blocks public access (all four settings on); nothing changed`,
    };
  }
  const was = block ? JSON.stringify(block) : 'no Block Public Access configuration';
  // The IAM action of the PutPublicAccessBlock API on a bucket.
  const step = { action: 's3:PutBucketPublicAccessBlock', target: bucket, detail: `was ${was}` };
  if ((await ctx.admit()) === 'dry-run') {
    ctx.log.planned(step.action, step.target, step.detail);
    return { status: 'dry-run', reason: `would block public access on ${bucket}; nothing changed` };
  }
  const before: BucketBefore = { kind: NAME, bucket, publicAccessBlock: block ?? null };
  ctx.remember?.(before);
  await ctx.log.run(
    step.action,
    step.target,
    () =>
      s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: bucket,
          ExpectedBucketOwner: member.accountId,
          PublicAccessBlockConfiguration: ALL_BLOCKED,
        }),
      ),
    step.detail,
  );
  return {
    status: 'contained',
    reason: `blocked public access on ${bucket} (before: ${was}); review its bucket policy and ACLs`,
  };
}
