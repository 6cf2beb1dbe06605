/**
 * Revoking a role's sessions issued before a moment, as the responders that cut a workload's
 * credentials do it (contain-lambda-function, isolate-ecs-task): the `AWSRevokeOlderSessions`
 * inline policy on the role, logged as one step.
 */
import { type IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { REVOKE_SESSIONS_POLICY_NAME } from './defaults';
import { revokeSessionsPolicy } from './revoke-sessions';
import type { StepLog } from './steps';

/** The IAM action of the revoke, as steps and the catalogue name it. */
export const REVOKE_ACTION = 'iam:PutRolePolicy';

/** What the revoke does, for the step and the plan. */
export function revokeDetail(issuedBefore: Date): string {
  return `${REVOKE_SESSIONS_POLICY_NAME}: deny sessions issued before ${issuedBefore.toISOString()}`;
}

/** Puts the revoke policy on `roleName` and logs the step on `roleArn` (done or failed). */
export function revokeRoleSessions(
  iam: IAMClient,
  log: StepLog,
  role: { readonly roleName: string; readonly roleArn: string },
  issuedBefore: Date,
): Promise<unknown> {
  return log.run(
    REVOKE_ACTION,
    role.roleArn,
    () =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: role.roleName,
          PolicyName: REVOKE_SESSIONS_POLICY_NAME,
          PolicyDocument: revokeSessionsPolicy(issuedBefore),
        }),
      ),
    revokeDetail(issuedBefore),
  );
}
