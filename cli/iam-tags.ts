/** Exception tags on IAM users and roles: IAM evaluates them for every user and role action. */
import {
  type IAMClient,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagRoleCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { keyVariants, type TagChange } from './tag-change';

/** An IAM user or role, by name. */
export interface Principal {
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly arn: string;
}

/** Tags the user or role. */
export async function grantPrincipal(
  iam: IAMClient,
  p: Principal,
  key: string,
  value: string,
): Promise<TagChange> {
  const Tags = [{ Key: key, Value: value }];
  if (p.kind === 'user') await iam.send(new TagUserCommand({ UserName: p.name, Tags }));
  else await iam.send(new TagRoleCommand({ RoleName: p.name, Tags }));
  return { resources: [{ id: p.arn, type: p.kind }], keys: [key] };
}

/** The tags of a user or role. */
export async function principalTags(
  iam: IAMClient,
  p: Pick<Principal, 'kind' | 'name'>,
): Promise<{ Key?: string; Value?: string }[]> {
  const out =
    p.kind === 'user'
      ? await iam.send(new ListUserTagsCommand({ UserName: p.name }))
      : await iam.send(new ListRoleTagsCommand({ RoleName: p.name }));
  return out.Tags ?? [];
}

/** Removes the tag (every letter-case variant) from the user or role; nothing if it has none. */
export async function revokePrincipal(
  iam: IAMClient,
  p: Principal,
  key: string,
): Promise<TagChange> {
  const found = keyVariants(await principalTags(iam, p), key);
  if (found.keys.length === 0) return { resources: [], keys: [] };
  if (p.kind === 'user') {
    await iam.send(new UntagUserCommand({ UserName: p.name, TagKeys: found.keys }));
  } else {
    await iam.send(new UntagRoleCommand({ RoleName: p.name, TagKeys: found.keys }));
  }
  return {
    resources: [{ id: p.arn, type: p.kind }],
    keys: found.keys,
    ...(found.value !== undefined ? { previous: found.value } : {}),
  };
}
