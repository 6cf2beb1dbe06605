/**
 * Live state of the function before any change: `GetFunction` returns its ARN, execution role,
 * reserved concurrency and tags in one call (the tags only with `lambda:ListTags`, which the
 * registry declares). Fails closed: without the live tags, an exception cannot be ruled out.
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html
 */

import { GetRoleCommand, type IAMClient, type Tag } from '@aws-sdk/client-iam';
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { isAwsError, ResponderError, TagReadError } from '../shared/errors';
import type { MemberTarget } from '../shared/member-clients';
import { partitionOf } from '../shared/member-clients';

/** What the responder needs to know about the function before deciding. */
export interface LiveFunction {
  readonly arn: string;
  /** The execution role's ARN; absent only if Lambda does not say. */
  readonly roleArn?: string;
  /** Reserved concurrency before the change; undefined when none is reserved. */
  readonly reservedConcurrency?: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The ARN a function name has in the member account and region. */
export function functionArnOf(functionName: string, member: MemberTarget): string {
  return `arn:${partitionOf(member.region)}:lambda:${member.region}:${member.accountId}:function:${functionName}`;
}

/** Reads the function. Throws ResponderError when it does not exist, TagReadError otherwise. */
export async function readFunction(
  lambda: LambdaClient,
  functionName: string,
  member: MemberTarget,
): Promise<LiveFunction> {
  const resource = functionArnOf(functionName, member);
  try {
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    // Lambda reports a tag read it could not make in TagsError, not as a failed call.
    if (out.TagsError) {
      throw new TagReadError(resource, {
        cause: new Error(`${out.TagsError.ErrorCode}: ${out.TagsError.Message}`),
      });
    }
    const reserved = out.Concurrency?.ReservedConcurrentExecutions;
    const roleArn = out.Configuration?.Role;
    return {
      arn: out.Configuration?.FunctionArn ?? resource,
      ...(roleArn ? { roleArn } : {}),
      ...(reserved !== undefined ? { reservedConcurrency: reserved } : {}),
      tags: out.Tags ?? {},
    };
  } catch (cause) {
    if (cause instanceof ResponderError) throw cause;
    if (isAwsError(cause, 'ResourceNotFoundException')) {
      throw new ResponderError(
        `Lambda function ${functionName} does not exist in ${member.accountId}/${member.region} (deleted since the finding?); nothing was changed`,
        { cause },
      );
    }
    throw new TagReadError(resource, { cause });
  }
}

/** The role name of a role ARN (the last path segment). */
export function roleNameOf(roleArn: string): string | undefined {
  return /:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(roleArn)?.[1];
}

/** The execution role's tags. Throws TagReadError: its exception cannot be ruled out otherwise. */
export async function readRoleTags(iam: IAMClient, roleName: string, roleArn: string) {
  try {
    const out = await iam.send(new GetRoleCommand({ RoleName: roleName }));
    return { tags: out.Role?.Tags ?? ([] as Tag[]), path: out.Role?.Path ?? '/' };
  } catch (cause) {
    if (cause instanceof ResponderError) throw cause;
    throw new TagReadError(roleArn, { cause });
  }
}
