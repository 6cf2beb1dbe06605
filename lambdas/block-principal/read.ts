/**
 * Live state of the principal before any change: `GetUser` / `GetRole` return its ARN, path and
 * tags in one call. Fails closed: without the live tags, an exception cannot be ruled out.
 */
import { GetRoleCommand, GetUserCommand, type IAMClient, type Tag } from '@aws-sdk/client-iam';
import { isAwsError, ResponderError, TagReadError } from '../shared/errors';
import { type PrincipalTarget, principalArn } from './principal';

/** What the responder needs to know about the principal before deciding. */
export interface LivePrincipal {
  /** The principal's ARN, with its IAM path. */
  readonly arn: string;
  readonly path: string;
  readonly tags: readonly Tag[];
  /** `UserId` / `RoleId`: differs for a principal re-created under the same name. */
  readonly id?: string;
}

/** Reads the user or role. Throws ResponderError when it does not exist, TagReadError otherwise. */
export async function readPrincipal(
  iam: IAMClient,
  target: PrincipalTarget,
): Promise<LivePrincipal> {
  const resource = principalArn(target);
  let found:
    | { Arn?: string; Path?: string; Tags?: Tag[]; UserId?: string; RoleId?: string }
    | undefined;
  try {
    found =
      target.kind === 'user'
        ? (await iam.send(new GetUserCommand({ UserName: target.userName }))).User
        : (await iam.send(new GetRoleCommand({ RoleName: target.roleName }))).Role;
  } catch (cause) {
    // Member credentials are resolved while the SDK signs the call: keep MemberAccessError as is.
    if (cause instanceof ResponderError) throw cause;
    if (isAwsError(cause, 'NoSuchEntityException')) {
      throw new ResponderError(notFound(target), { cause });
    }
    throw new TagReadError(resource, { cause });
  }
  if (!found) {
    const api = target.kind === 'user' ? 'GetUser' : 'GetRole';
    throw new TagReadError(resource, { cause: new Error(`${api} returned no ${target.kind}`) });
  }
  const id = found.UserId ?? found.RoleId;
  return {
    arn: found.Arn ?? resource,
    path: found.Path ?? '/',
    tags: found.Tags ?? [],
    ...(id ? { id } : {}),
  };
}

function notFound(target: PrincipalTarget): string {
  if (target.kind === 'user') {
    return (
      `IAM user ${target.userName} does not exist in account ${target.accountId} ` +
      '(deleted or renamed since the finding?); nothing was blocked: check CloudTrail for the user'
    );
  }
  return (
    `IAM role ${target.roleName} does not exist in account ${target.accountId} (deleted since the ` +
    'finding, or a role of another account used across accounts?); nothing was blocked: find the ' +
    "role's account in the finding's CloudTrail events and block it there"
  );
}
