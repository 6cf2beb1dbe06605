/**
 * The service control policy that protects the exception tag from the people it would shield:
 * nobody but the exception admins may add, change or remove the tag key, on any resource, in any
 * letter case. Every tagging API (and every create call with tags) sends the keys it touches in
 * `aws:TagKeys`, so one Deny on `*` covers them all. S3 bucket tagging replaces the whole tag set
 * without exposing keys, and turning bucket ABAC off would blind the IAM guard: both are denied to
 * everyone but the admins. SCPs never apply to the management account (FACTS.md).
 */
import { type PolicyDocument, policy } from './policy';

/** Inputs of {@link tagGuardPolicy}. */
export interface TagGuardInput {
  readonly exceptionTagKey: string;
  /** ARN patterns of the principals allowed to grant and revoke exceptions. */
  readonly adminPrincipalArns: readonly string[];
}

/** The SCP document. */
export function tagGuardPolicy(input: TagGuardInput): PolicyDocument {
  const notAdmin = { ArnNotLike: { 'aws:PrincipalArn': [...input.adminPrincipalArns] } };
  return policy(
    {
      Sid: 'DenyExceptionTagChanges',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: {
        'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': [input.exceptionTagKey] },
        ...notAdmin,
      },
    },
    {
      Sid: 'DenyWholeSetBucketTaggingAndAbac',
      Effect: 'Deny',
      // DeleteBucketTagging is authorised as s3:PutBucketTagging.
      Action: ['s3:PutBucketTagging', 's3:PutBucketAbac'],
      Resource: '*',
      Condition: notAdmin,
    },
  );
}
