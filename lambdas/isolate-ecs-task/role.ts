/**
 * The task role: its name and its tags (its own exception). Read here rather than through
 * contain-lambda-function's reader, whose module loads the Lambda client too: this bundle must
 * stay under the cold-start size limit (test/modules/bundle.test.ts).
 */
import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';
import { ResponderError, TagReadError } from '../shared/errors';

/** The role name of a role ARN (the last path segment). */
export function roleNameOf(roleArn: string): string | undefined {
  return /:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(roleArn)?.[1];
}

/** The role's tags. Throws TagReadError: its exception cannot be ruled out otherwise. */
export async function readRoleTags(iam: IAMClient, roleName: string, roleArn: string) {
  try {
    const out = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    return { tags: out.Role?.Tags ?? [] };
  } catch (cause) {
    if (cause instanceof ResponderError) throw cause;
    throw new TagReadError(roleArn, { cause });
  }
}
