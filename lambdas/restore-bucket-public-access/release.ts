/**
 * Release of a restored bucket: puts back the Block Public Access settings it had before (or
 * deletes the configuration it did not have), after checking that the bucket is still as the
 * containment left it (all four settings on).
 */
import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  clientOptions,
  ignoring,
  type PlanRelease,
  type ReleasePlan,
  type ReleaseTarget,
} from '../shared/release-plan';
import type { BucketBefore } from './before';

/** Plans the release of a bucket whose Block Public Access was restored. */
export async function planBucketRelease(
  before: BucketBefore,
  target: ReleaseTarget,
): Promise<ReleasePlan> {
  const s3 = new S3Client(clientOptions(target));
  const { bucket } = before;
  const owner = target.accountId;
  const live = await ignoring('NoSuchPublicAccessBlockConfiguration', () =>
    s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket, ExpectedBucketOwner: owner })),
  );
  const c = live?.PublicAccessBlockConfiguration;
  const allOn =
    c?.BlockPublicAcls === true &&
    c.IgnorePublicAcls === true &&
    c.BlockPublicPolicy === true &&
    c.RestrictPublicBuckets === true;
  const changed = allOn
    ? []
    : [`${bucket} no longer blocks all public access: ${JSON.stringify(c ?? 'no configuration')}`];
  const notes = ['the bucket policy and ACLs were never changed by the containment'];
  if (before.publicAccessBlock === null) {
    return {
      changed,
      notes,
      steps: [
        {
          action: 's3:PutBucketPublicAccessBlock',
          target: bucket,
          detail: 'delete the Block Public Access configuration (the bucket had none)',
          run: () =>
            s3.send(
              new DeletePublicAccessBlockCommand({ Bucket: bucket, ExpectedBucketOwner: owner }),
            ),
        },
      ],
    };
  }
  const restored = before.publicAccessBlock;
  return {
    changed,
    notes,
    steps: [
      {
        action: 's3:PutBucketPublicAccessBlock',
        target: bucket,
        detail: `restore ${JSON.stringify(restored)}`,
        run: () =>
          s3.send(
            new PutPublicAccessBlockCommand({
              Bucket: bucket,
              ExpectedBucketOwner: owner,
              PublicAccessBlockConfiguration: { ...restored },
            }),
          ),
      },
    ],
  };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<BucketBefore> = (before, { target }) =>
  planBucketRelease(before, target);
