/**
 * Exception tags on Lambda functions: IAM evaluates `aws:ResourceTag` of the function for
 * `lambda:PutFunctionConcurrency` (test/iam/member-role.test.ts), and the responder reads the same
 * tags with `GetFunction`. Tags belong to the function, never to a version or alias.
 */
import {
  type LambdaClient,
  ListTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lambda';
import { keyVariants, type TagChange } from './tag-change';

/** Tags the function (by its unqualified ARN). */
export async function grantFunction(
  lambda: LambdaClient,
  arn: string,
  key: string,
  value: string,
): Promise<TagChange> {
  await lambda.send(new TagResourceCommand({ Resource: arn, Tags: { [key]: value } }));
  return { resources: [{ id: arn, type: 'function' }], keys: [key] };
}

/** Removes the tag (every letter-case variant) from the function; nothing if it has none. */
export async function revokeFunction(
  lambda: LambdaClient,
  arn: string,
  key: string,
): Promise<TagChange> {
  const tags = (await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags ?? {};
  const found = keyVariants(
    Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    key,
  );
  if (found.keys.length === 0) return { resources: [], keys: [] };
  await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: found.keys }));
  return {
    resources: [{ id: arn, type: 'function' }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}
