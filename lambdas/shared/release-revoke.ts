/** Lifting a revocation of a role's older sessions, shared by the releases that revoked one. */
import { DeleteRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { clientOptions, type ReleaseStep, type ReleaseTarget } from './release-plan';

/**
 * The step that lifts a revocation of a role's older sessions (contain-lambda-function,
 * isolate-ecs-task): the revoke policy deleted, with the note that this also lifts an earlier
 * revocation under the same name.
 */
export function revokeReleaseStep(
  target: ReleaseTarget,
  roleName: string,
  policyName: string,
): { readonly step: ReleaseStep; readonly note: string } {
  const iam = new IAMClient(clientOptions(target));
  return {
    step: {
      action: 'iam:DeleteRolePolicy',
      target: roleName,
      detail: policyName,
      run: () =>
        iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })),
    },
    note: `deleting ${policyName} also lifts any earlier revocation of ${roleName} under that name`,
  };
}
