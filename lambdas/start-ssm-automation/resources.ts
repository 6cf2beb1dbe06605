/**
 * The resource types a runbook can act on: how their id is checked and turned into an ARN. A
 * runbook whose resource type is missing here is not started (the finding is ignored, with why).
 */
import * as z from '../shared/zod';

/** An S3 general purpose bucket name (current naming rules, which every bucket created since 2018 follows). */
export const BucketNameSchema = z.lazySchema(() =>
  z.string().check(
    z.minLength(3, 'must be a bucket name of 3 to 63 characters'),
    z.maxLength(63, 'must be a bucket name of 3 to 63 characters'),
    z.regex(
      /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
      'must be a bucket name: lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit',
    ),
    z.refine((n) => !n.includes('..'), 'must be a bucket name without two adjacent periods'),
    z.refine((n) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(n), 'must be a bucket name, not an IP address'),
  ),
);

/** How the id of one Config resource type is validated and named as an ARN. */
export interface ResourceTypeSpec {
  /** The id's schema, built on first use (`z.lazySchema`). */
  readonly id: () => z.ZodMiniType<string>;
  /** Security Hub (ASFF) type of the same resource. */
  readonly asffType: string;
  readonly arn: (id: string, partition: string, region: string, account: string) => string;
}

/** Resource types known by their Config name. */
export const RESOURCE_TYPES: Readonly<Record<string, ResourceTypeSpec>> = {
  'AWS::S3::Bucket': {
    id: BucketNameSchema,
    asffType: 'AwsS3Bucket',
    arn: (id, partition) => `arn:${partition}:s3:::${id}`,
  },
};

/** The spec of a Config resource type, if known. */
export function resourceTypeSpec(type: string): ResourceTypeSpec | undefined {
  return Object.hasOwn(RESOURCE_TYPES, type) ? RESOURCE_TYPES[type] : undefined;
}
