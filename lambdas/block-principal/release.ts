/**
 * Release of a blocked user or role: detach the deny policy, delete the revoke-sessions policy and
 * reactivate the key, each only where the before-state shows that the containment added it.
 * Refused when the principal was re-created (another id), or someone already undid part of it.
 */
import {
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { isAwsError } from '../shared/errors';
import {
  clientOptions,
  type PlanRelease,
  type ReleasePlan,
  type ReleaseStep,
  type ReleaseTarget,
} from '../shared/release-plan';
import type { PrincipalBefore } from './before';

async function livePrincipal(iam: IAMClient, before: PrincipalBefore) {
  try {
    const out =
      before.principal === 'user'
        ? (await iam.send(new GetUserCommand({ UserName: before.name }))).User
        : (await iam.send(new GetRoleCommand({ RoleName: before.name }))).Role;
    return {
      id: out && 'UserId' in out ? out.UserId : out && 'RoleId' in out ? out.RoleId : undefined,
    };
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntityException')) return undefined;
    throw error;
  }
}

/** Plans the release of a block from a live read of the principal. */
export async function planPrincipalRelease(
  before: PrincipalBefore,
  target: ReleaseTarget,
): Promise<ReleasePlan> {
  const iam = new IAMClient({ ...clientOptions(target), region: target.region });
  const live = await livePrincipal(iam, before);
  if (!live) return { changed: [`${before.arn} no longer exists`], steps: [], notes: [] };
  const changed: string[] = [];
  const steps: ReleaseStep[] = [];
  const notes: string[] = [];
  if (before.principalId && live.id !== before.principalId) {
    changed.push(
      `${before.arn} was re-created (id ${live.id ?? '?'}, blocked was ${before.principalId})`,
    );
  }
  const name = before.name;
  if (before.denyPolicyArn) {
    const PolicyArn = before.denyPolicyArn;
    const attached = (
      before.principal === 'user'
        ? await iam.send(new ListAttachedUserPoliciesCommand({ UserName: name }))
        : await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))
    ).AttachedPolicies?.map((p) => p.PolicyArn);
    if (!attached?.includes(PolicyArn)) changed.push(`${PolicyArn} is no longer attached`);
    if (before.attachedPolicies === undefined) {
      notes.push(
        `whether ${PolicyArn} was attached before is unknown: it stays attached; detach it by hand if it was not`,
      );
    } else if (before.attachedPolicies.includes(PolicyArn)) {
      notes.push(`${PolicyArn} was attached before the block: it stays attached`);
    } else {
      steps.push({
        action: before.principal === 'user' ? 'iam:DetachUserPolicy' : 'iam:DetachRolePolicy',
        target: before.arn,
        detail: PolicyArn,
        run: () =>
          before.principal === 'user'
            ? iam.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn }))
            : iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn })),
      });
    }
  }
  const PolicyName = before.revokePolicyName;
  if (before.inlinePolicies === undefined) {
    notes.push(
      `whether ${PolicyName} existed before is unknown: it stays; delete it by hand if it did not`,
    );
  } else if (before.inlinePolicies.includes(PolicyName)) {
    notes.push(
      `${PolicyName} existed before the block (an earlier revocation): it stays, with the later date`,
    );
  } else {
    steps.push({
      action: before.principal === 'user' ? 'iam:DeleteUserPolicy' : 'iam:DeleteRolePolicy',
      target: before.arn,
      detail: PolicyName,
      run: () =>
        before.principal === 'user'
          ? iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName }))
          : iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName })),
    });
  }
  if (before.accessKey) {
    const AccessKeyId = before.accessKey.id;
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: name }));
    const now = keys.AccessKeyMetadata?.find((k) => k.AccessKeyId === AccessKeyId)?.Status;
    if (now !== 'Inactive')
      changed.push(`access key ${AccessKeyId} is ${now ?? 'deleted'}, not Inactive`);
    if (before.accessKey.status === 'Active') {
      steps.push({
        action: 'iam:UpdateAccessKey',
        target: AccessKeyId,
        detail: 'Status Active, as before the block',
        run: () =>
          iam.send(new UpdateAccessKeyCommand({ UserName: name, AccessKeyId, Status: 'Active' })),
      });
    } else {
      notes.push(
        `access key ${AccessKeyId} was ${before.accessKey.status ?? 'of unknown status'} before the block: it stays Inactive`,
      );
    }
  }
  notes.push(
    'the credentials involved may be compromised: rotate them before trusting the principal again',
  );
  return { changed, steps, notes };
}

/** This responder's release planner, loaded by `security-ir release`. */
export const planRelease: PlanRelease<PrincipalBefore> = (before, { target }) =>
  planPrincipalRelease(before, target);
