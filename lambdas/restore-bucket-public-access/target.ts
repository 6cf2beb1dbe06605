/**
 * The bucket a GuardDuty "bucket made public" finding names: `resource.s3BucketDetails[].name`.
 * Validation only; no AWS call. https://docs.aws.amazon.com/guardduty/latest/APIReference/API_S3BucketDetail.html
 */
import { InvalidEventError, quote } from '../shared/errors';
import type { SourceFinding } from '../shared/events';
import type { Ignore } from '../shared/handler';

/** The bucket whose Block Public Access is restored. */
export interface BucketTarget {
  readonly bucket: string;
}

/** S3 general-purpose bucket names: 3-63 of lower-case letters, digits, dots and hyphens. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses a GuardDuty S3 finding into its bucket. Throws InvalidEventError. */
export function toBucketTarget(source: SourceFinding): BucketTarget | Ignore {
  if (source.kind !== 'guardduty') {
    throw new InvalidEventError(
      source.path,
      'restore-bucket-public-access handles GuardDuty findings only',
    );
  }
  const { resourceType, s3BucketDetails } = source.finding.resource;
  if (resourceType !== 'S3Bucket') {
    return {
      ignore: `the finding is about a ${quote(resourceType)} resource, not an S3 bucket`,
      resource: resourceType.slice(0, 64),
    };
  }
  const path = `${source.path}.resource.s3BucketDetails[0].name`;
  const first: unknown = Array.isArray(s3BucketDetails) ? s3BucketDetails[0] : undefined;
  const name =
    typeof first === 'object' && first !== null ? (first as { name?: unknown }).name : undefined;
  if (typeof name !== 'string' || !BUCKET.test(name)) {
    throw new InvalidEventError(path, `must be an S3 bucket name (got ${quote(name)})`);
  }
  return { bucket: name };
}
