/**
 * The exception tag on EC2 resources, for the owners' `exception-tags.ts` (instances, security
 * groups, snapshots): one CreateTags or DeleteTags takes a resource and every part IAM evaluates
 * with it (an instance's interfaces and volumes).
 */
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { keyVariants, type TagChange, type TaggedResource } from './exception-tags';

/**
 * Writes the tag on `resources` (the first is the one named; `tags` are its current tags). EC2
 * keys are case-sensitive: a letter-case variant the resource already carries is overwritten,
 * never doubled by a twin in another case.
 */
export async function grantEc2Tag(
  ec2: EC2Client,
  resources: readonly TaggedResource[],
  tags: readonly Tag[] | undefined,
  key: string,
  value: string,
): Promise<TagChange> {
  const found = keyVariants(tags, key);
  const spelling = found.keys[0] ?? key;
  await ec2.send(
    new CreateTagsCommand({
      Resources: resources.map((r) => r.id),
      Tags: [{ Key: spelling, Value: value }],
    }),
  );
  return {
    resources,
    keys: [spelling],
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}

/**
 * Removes every letter-case variant of the tag from `resources` (`tags`: the named one's). A lone
 * resource loses the variants it carries, and without one is left alone. With parts, the parts may
 * carry the configured spelling when the resource does not, so it is deleted too (an absent key is
 * no error).
 */
export async function revokeEc2Tag(
  ec2: EC2Client,
  resources: readonly TaggedResource[],
  tags: readonly Tag[] | undefined,
  key: string,
): Promise<TagChange> {
  const found = keyVariants(tags, key);
  const keys = resources.length > 1 ? [...new Set([key, ...found.keys])] : found.keys;
  if (keys.length === 0) return { resources: [], keys: [] };
  await ec2.send(
    new DeleteTagsCommand({
      Resources: resources.map((r) => r.id),
      Tags: keys.map((k) => ({ Key: k })),
    }),
  );
  return { resources, keys, ...(found.value !== undefined ? { previous: found.value } : {}) };
}
