/**
 * The state before a block that its release needs: the managed and inline policies of the
 * principal and the status of the key to deactivate. Read beside `GetUser` / `GetRole`, for the
 * ledger only, so no round trip is added before containment; what cannot be read is recorded as
 * unknown, and the release is then conservative (it keeps what it cannot prove it added).
 */
import {
  type IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { REVOKE_SESSIONS_POLICY_NAME } from '../shared/defaults';
import type { NAME } from './name';
import type { BlockPlan } from './plan';
import type { PrincipalTarget } from './principal';
import type { LivePrincipal } from './read';

/** State before a principal was blocked. */
export interface PrincipalBefore {
  readonly kind: typeof NAME;
  readonly principal: 'user' | 'role';
  readonly name: string;
  readonly arn: string;
  /** `UserId` / `RoleId`: a principal re-created under the same name has another one. */
  readonly principalId?: string;
  /** The key deactivated, with its status before (absent when no key was deactivated). */
  readonly accessKey?: { readonly id: string; readonly status?: string };
  /** Managed policies attached before; absent when they could not be read. */
  readonly attachedPolicies?: readonly string[];
  /** Inline policy names before; absent when they could not be read. */
  readonly inlinePolicies?: readonly string[];
  /** The deny policy this response attached (absent when none was attached). */
  readonly denyPolicyArn?: string;
  readonly revokePolicyName: string;
}

/** Policies and key status before the block; each part undefined when it could not be read. */
export interface PolicyState {
  readonly attached?: readonly string[];
  readonly inline?: readonly string[];
  readonly keyStatus?: string;
}

async function settle<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

/** Reads the principal's policies (first page of 100; more is unusual) and the key's status. */
export async function readPolicyState(
  iam: IAMClient,
  target: PrincipalTarget,
): Promise<PolicyState> {
  const [attached, inline, keys] = await Promise.all([
    settle(async () => {
      const out =
        target.kind === 'user'
          ? await iam.send(
              new ListAttachedUserPoliciesCommand({ UserName: target.userName, MaxItems: 100 }),
            )
          : await iam.send(
              new ListAttachedRolePoliciesCommand({ RoleName: target.roleName, MaxItems: 100 }),
            );
      return out.IsTruncated
        ? undefined
        : (out.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : []));
    }),
    settle(async () => {
      const out =
        target.kind === 'user'
          ? await iam.send(
              new ListUserPoliciesCommand({ UserName: target.userName, MaxItems: 100 }),
            )
          : await iam.send(
              new ListRolePoliciesCommand({ RoleName: target.roleName, MaxItems: 100 }),
            );
      return out.IsTruncated ? undefined : (out.PolicyNames ?? []);
    }),
    target.kind === 'user' && target.accessKeyId
      ? settle(async () => {
          const out = await iam.send(new ListAccessKeysCommand({ UserName: target.userName }));
          return out.AccessKeyMetadata?.find((k) => k.AccessKeyId === target.accessKeyId)?.Status;
        })
      : Promise.resolve(undefined),
  ]);
  return {
    ...(attached ? { attached } : {}),
    ...(inline ? { inline } : {}),
    ...(keys ? { keyStatus: keys } : {}),
  };
}

/** The before-state of a block. */
export function principalBefore(
  target: PrincipalTarget,
  live: LivePrincipal,
  plan: BlockPlan,
  state: PolicyState,
): PrincipalBefore {
  const key = plan.writes.find((w) => w.action === 'iam:UpdateAccessKey');
  const attach = plan.writes.find(
    (w) => w.action.endsWith('AttachUserPolicy') || w.action.endsWith('AttachRolePolicy'),
  );
  return {
    kind: 'block-principal',
    principal: target.kind,
    name: target.kind === 'user' ? target.userName : target.roleName,
    arn: live.arn,
    ...(live.id ? { principalId: live.id } : {}),
    ...(key
      ? { accessKey: { id: key.target, ...(state.keyStatus ? { status: state.keyStatus } : {}) } }
      : {}),
    ...(state.attached ? { attachedPolicies: state.attached } : {}),
    ...(state.inline ? { inlinePolicies: state.inline } : {}),
    ...(attach ? { denyPolicyArn: attach.detail } : {}),
    revokePolicyName: REVOKE_SESSIONS_POLICY_NAME,
  };
}
