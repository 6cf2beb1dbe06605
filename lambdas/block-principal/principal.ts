/**
 * The principal a finding names, as the responder targets it: an IAM user (with the access key the
 * finding saw), an IAM role (the role behind an assumed-role session), or a principal that no
 * identity policy can block (root, federated users, AWS services). Validation only; no AWS call.
 */

import { bounded } from '../shared/bounded';
import { parseWith } from '../shared/events';
import { IAM_NAME } from '../shared/patterns';
import * as z from '../shared/zod';

/** IAM user and role names: 1 to 64 letters, digits and `+=,.@_-` (IAM's own rule). */
export const IamNameSchema = z.lazySchema(() =>
  z
    .string()
    .check(
      z.regex(IAM_NAME, 'must be an IAM user or role name (1-64 of letters, digits, +=,.@_-)'),
    ),
);

/** The account and partition the principal lives in: the finding's own. */
export interface Home {
  readonly accountId: string;
  readonly partition: string;
}

/** An IAM user, with the access key id the finding saw it use. */
export interface UserTarget extends Home {
  readonly kind: 'user';
  readonly userName: string;
  readonly accessKeyId?: string;
}

/** An IAM role: the role of an assumed-role session, or a role named by Security Hub. */
export interface RoleTarget extends Home {
  readonly kind: 'role';
  readonly roleName: string;
}

/** A principal that attaching policies cannot block: root, federated users and the rest. */
export interface UnblockablePrincipal extends Home {
  readonly kind: 'unblockable';
  /** `Root`, `FederatedUser`, or whatever other type the finding states. */
  readonly principalType: string;
  readonly name?: string;
}

/** A principal an IAM policy can be put on: what the responder acts on. */
export type PrincipalTarget = UserTarget | RoleTarget;

/** The principal a finding names. */
export type FoundPrincipal = PrincipalTarget | UnblockablePrincipal;

/** What a finding states about the principal, before validation. */
export interface StatedPrincipal {
  /** GuardDuty `userType` / ASFF `PrincipalType`: `IAMUser`, `AssumedRole`, `Root`, ... */
  readonly type: string;
  readonly name?: string | undefined;
  readonly accessKeyId?: string | undefined;
}

/**
 * The principal a finding states. A user or role name must be a valid IAM name (it ends up in IAM
 * calls and ARNs): otherwise throws InvalidEventError at `namePath`.
 */
export function foundPrincipal(
  stated: StatedPrincipal,
  home: Home,
  namePath: readonly PropertyKey[],
): FoundPrincipal {
  if (stated.type === 'IAMUser') {
    const userName = parseWith(IamNameSchema, stated.name, namePath);
    return {
      kind: 'user',
      ...home,
      userName,
      ...(stated.accessKeyId ? { accessKeyId: stated.accessKeyId } : {}),
    };
  }
  if (stated.type === 'AssumedRole') {
    // GuardDuty names the role (not the session) in userName for assumed-role credentials.
    return { kind: 'role', ...home, roleName: parseWith(IamNameSchema, stated.name, namePath) };
  }
  return {
    kind: 'unblockable',
    ...home,
    principalType: bounded(stated.type, 64),
    ...(stated.name ? { name: bounded(stated.name, 128) } : {}),
  };
}

/** The ARN that names the principal in outcomes and steps (without the IAM path, unknown here). */
export function principalArn(target: FoundPrincipal): string {
  const { partition, accountId } = target;
  switch (target.kind) {
    case 'user':
      return `arn:${partition}:iam::${accountId}:user/${target.userName}`;
    case 'role':
      return `arn:${partition}:iam::${accountId}:role/${target.roleName}`;
    case 'unblockable':
      if (target.principalType === 'Root') return `arn:${partition}:iam::${accountId}:root`;
      if (target.principalType === 'FederatedUser' && target.name) {
        return `arn:${partition}:sts::${accountId}:federated-user/${target.name}`;
      }
      return `${target.principalType} ${target.name ?? '(unnamed)'} in ${accountId}`;
  }
}

/** Whether a role is service-linked: AWS owns its policies, IAM refuses to change them. */
export function isServiceLinked(roleName: string, path?: string): boolean {
  return (
    roleName.startsWith('AWSServiceRoleFor') || path?.startsWith('/aws-service-role/') === true
  );
}
