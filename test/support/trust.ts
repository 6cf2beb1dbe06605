/**
 * IAM policy simulation of a role assumption (`@cloud-copilot/iam-simulate`): may a caller, whose
 * own policy allows `sts:AssumeRole` (and `sts:SetSourceIdentity`), assume a role through the role's trust policy? The caller's
 * session ARN and `aws:PrincipalArn` / `aws:PrincipalAccount` are given, since the simulator
 * derives no context keys.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';

/** Who assumes which role, and through which trust policy. */
export interface Assumption {
  readonly trust: unknown;
  /**
   * The caller's session ARN (`arn:aws:sts::<account>:assumed-role/<role>/<session>`).
   * @default a session `s` of `principalArn`
   */
  readonly principal?: string;
  /** The caller's role ARN, as `aws:PrincipalArn` carries it. */
  readonly principalArn: string;
  readonly roleArn: string;
  /** @default 'sts:AssumeRole' */
  readonly action?: string;
}

/** A session of a role: `arn:aws:sts::<account>:assumed-role/<role>/s`. */
export function sessionOf(roleArn: string): string {
  return roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/').concat('/s');
}

/** `Allowed`, `ImplicitlyDenied` or `ExplicitlyDenied`; the simulator's message on an error. */
export async function simulateAssumeRole(a: Assumption): Promise<string> {
  const roleAccount = a.roleArn.split(':')[4] ?? '';
  const result = await runSimulation(
    {
      identityPolicies: [
        {
          name: 'caller',
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
                Resource: '*',
              },
            ],
          },
        },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: a.trust as never,
      request: {
        principal: a.principal ?? sessionOf(a.principalArn),
        action: a.action ?? 'sts:AssumeRole',
        resource: { resource: a.roleArn, accountId: roleAccount },
        contextVariables: {
          'aws:PrincipalArn': a.principalArn,
          'aws:PrincipalAccount': a.principalArn.split(':')[4] ?? '',
        },
      },
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}
