/**
 * The AWS-managed SSM Automation runbooks the product knows how to start: plain data the
 * registry's declarations, the member templates and start-ssm-automation read.
 */

/** An AWS-managed SSM Automation runbook the product knows how to start. */
export interface RunbookDefinition {
  /** Document name, e.g. `AWS-EnableS3BucketEncryption`. */
  readonly document: string;
  /** Config resource type the runbook acts on. */
  readonly resourceType: string;
  /** Runbook parameter that receives the resource id. */
  readonly resourceParameter: string;
  /** Fixed parameters passed on every start. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Actions the runbook performs, granted to the automation role (and denied on exceptions). */
  readonly actions: readonly string[];
}

/** Runbooks known to the product, keyed by document name. */
export const RUNBOOKS = {
  'AWS-EnableS3BucketEncryption': {
    document: 'AWS-EnableS3BucketEncryption',
    resourceType: 'AWS::S3::Bucket',
    resourceParameter: 'BucketName',
    parameters: { SSEAlgorithm: 'AES256' },
    actions: ['s3:PutEncryptionConfiguration'],
  },
  'AWS-DisableS3BucketPublicReadWrite': {
    document: 'AWS-DisableS3BucketPublicReadWrite',
    resourceType: 'AWS::S3::Bucket',
    resourceParameter: 'S3BucketName',
    parameters: {},
    actions: ['s3:PutBucketPublicAccessBlock'],
  },
} as const satisfies Record<string, RunbookDefinition>;

/** Name of a runbook in {@link RUNBOOKS}. */
export type RunbookName = keyof typeof RUNBOOKS;
