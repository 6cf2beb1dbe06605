/**
 * The plan for blocking a principal: the IAM writes (all independent, so they run in parallel) and
 * the words that report them. Pure: builds commands, sends nothing.
 */
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { REVOKE_SESSIONS_POLICY_NAME } from '../shared/defaults';
import { revokeSessionsPolicy } from '../shared/revoke-sessions';
import type { PrincipalTarget } from './principal';
import type { LivePrincipal } from './read';

/** One IAM change, with how it is reported. */
export interface Write {
  readonly action: string;
  readonly target: string;
  readonly detail: string;
  /** What the change achieves, for the outcome's reason. */
  readonly effect: string;
  readonly send: (iam: IAMClient) => Promise<unknown>;
}

/** The writes of one block, in report order, and notes on what is not done and why. */
export interface BlockPlan {
  readonly writes: readonly Write[];
  readonly notes: readonly string[];
}

/** Settings of a block, from the environment. */
export interface BlockOptions {
  readonly denyPolicyArn: string;
  readonly denyPolicyOnRoles: boolean;
  /** Sessions issued before this instant are revoked. */
  readonly now: Date;
}

export { revokeSessionsPolicy } from '../shared/revoke-sessions';

/** Why the finding's access key is not deactivated, or undefined when it is. */
export function keyNote(accessKeyId: string | undefined): string | undefined {
  if (accessKeyId === undefined) return 'the finding names no access key';
  if (accessKeyId === 'GeneratedFindingAccessKeyId') {
    return "the finding carries GuardDuty's placeholder key id (a generated finding): no key deactivated";
  }
  if (accessKeyId.startsWith('ASIA')) {
    return `${accessKeyId} is a temporary session key: there is nothing to deactivate; its session is revoked by ${REVOKE_SESSIONS_POLICY_NAME}`;
  }
  if (!accessKeyId.startsWith('AKIA')) return `${accessKeyId} is not an access key id`;
  return undefined;
}

/** Plans the writes that block a user or role. */
export function planBlock(
  target: PrincipalTarget,
  live: LivePrincipal,
  options: BlockOptions,
): BlockPlan {
  const PolicyName = REVOKE_SESSIONS_POLICY_NAME;
  const PolicyDocument = revokeSessionsPolicy(options.now);
  const PolicyArn = options.denyPolicyArn;
  const revoke = {
    detail: `${PolicyName}: Deny * to sessions issued before ${options.now.toISOString()}`,
    effect: `sessions issued before ${options.now.toISOString()} revoked (${PolicyName})`,
  };
  const attach = { detail: PolicyArn, effect: `${PolicyArn} attached` };
  if (target.kind === 'user') {
    const UserName = target.userName;
    const note = keyNote(target.accessKeyId);
    const deactivate: Write[] =
      note === undefined && target.accessKeyId
        ? [deactivateKey(UserName, target.accessKeyId, live.arn)]
        : [];
    return {
      writes: [
        ...deactivate,
        {
          action: 'iam:AttachUserPolicy',
          target: live.arn,
          ...attach,
          send: (iam) => iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn })),
        },
        {
          action: 'iam:PutUserPolicy',
          target: live.arn,
          ...revoke,
          send: (iam) =>
            iam.send(new PutUserPolicyCommand({ UserName, PolicyName, PolicyDocument })),
        },
      ],
      notes: note ? [note] : [],
    };
  }
  const RoleName = target.roleName;
  const attachRole: Write = {
    action: 'iam:AttachRolePolicy',
    target: live.arn,
    ...attach,
    send: (iam) => iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })),
  };
  return {
    writes: [
      ...(options.denyPolicyOnRoles ? [attachRole] : []),
      {
        action: 'iam:PutRolePolicy',
        target: live.arn,
        ...revoke,
        send: (iam) => iam.send(new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument })),
      },
    ],
    notes: options.denyPolicyOnRoles
      ? []
      : ['new sessions of the role still work (DENY_POLICY_ON_ROLES is off)'],
  };
}

function deactivateKey(UserName: string, AccessKeyId: string, userArn: string): Write {
  return {
    action: 'iam:UpdateAccessKey',
    target: AccessKeyId,
    detail: `Status Inactive (key of ${userArn})`,
    effect: `access key ${AccessKeyId} deactivated`,
    send: (iam) =>
      iam.send(new UpdateAccessKeyCommand({ UserName, AccessKeyId, Status: 'Inactive' })),
  };
}
