/**
 * restore-bucket-public-access: turns the four S3 Block Public Access settings back on for a
 * bucket GuardDuty reports as made public (Policy:S3/BucketBlockPublicAccessDisabled,
 * BucketAnonymousAccessGranted, BucketPublicAccessGranted), keeping the settings it had before in
 * the ledger. The bucket policy and ACLs are left as they are: Block Public Access overrides their
 * public grants, and an analyst reviews them (surgical, and reversible by release).
 *
 * Critical path: AssumeRole -> GetBucketTagging || GetPublicAccessBlock -> PutPublicAccessBlock = 3.
 */
import { createHandler } from '../shared/handler';
import { lazyModule } from '../shared/lazy';
import { NAME } from './name';
import { type BucketTarget, toBucketTarget } from './target';

/** The responder's code and member-account clients: loaded while AssumeRole is in flight. */
const responder = lazyModule(() => import('./restore'));

/** The Lambda handler. */
export const handler = createHandler<BucketTarget>({
  name: NAME,
  preload: responder,
  accepts: ['guardduty'],
  toTarget: toBucketTarget,
  resourceOf: (target) => target.bucket,
  respond: async (target, member, ctx) => (await responder()).restoreBucket(target, member, ctx),
});
