/**
 * The roll-out path as the README writes it: deploy, then `security-ir doctor` as the deploying
 * principal. With the default `operatorPrincipalArns: []` doctor names the caller and exactly
 * what to set; deploying with that value makes the member role trust the caller (IAM simulation of
 * the synthesized trust policy), and the same doctor then checks the member accounts.
 */

import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type DoctorReport, runDoctor } from '../../cli/doctor';
import { main } from '../../cli/main';
import { operatorStatus } from '../../cli/operator';
import { loadConfig } from '../../modules/config/load';
import { memberTrustPolicy } from '../../modules/member-templates';
import { resolveSubs } from '../support/cfn';
import { simulateAssumeRole } from '../support/trust';
import { DOCTOR_CONFIG, HEALTHY, mockOrganization, SECURITY } from './doctor-scenario';

const mocks = mockOrganization();
const SSO_ROLE = 'AWSReservedSSO_SecurityAdmin_0123456789abcdef';
const CALLER = `arn:aws:sts::${SECURITY}:assumed-role/${SSO_ROLE}/jane@example.com`;

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

async function doctor(operatorPrincipalArns: readonly string[]) {
  const out = sink();
  const err = sink();
  const code = await runDoctor(
    { accounts: [HEALTHY], json: true },
    { ...DOCTOR_CONFIG, operatorPrincipalArns },
    { out, err },
  );
  return { code, report: JSON.parse(out.text()) as DoctorReport, out: out.text(), err: err.text() };
}

/** Whether the synthesized member-role trust admits `principalArn` (a role ARN with its path). */
async function trusted(operatorPrincipalArns: readonly string[], principalArn: string) {
  const trust = resolveSubs(memberTrustPolicy('security-ir', operatorPrincipalArns), {
    'AWS::Partition': 'aws',
    'AWS::AccountId': HEALTHY,
    SecurityAccountId: SECURITY,
  });
  return simulateAssumeRole({
    trust,
    principal: CALLER,
    principalArn,
    roleArn: `arn:aws:iam::${HEALTHY}:role/Security-IR-Role`,
  });
}

beforeEach(() => {
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: SECURITY, Arn: CALLER });
  mocks.sts.resetHistory();
});

describe('roll-out: doctor right after a default deploy', () => {
  it('names the caller and what to set, tries no member account, and exits 2', async () => {
    // Act
    const { code, report, err } = await doctor([]);

    // Assert
    expect(code).toBe(2);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(report.operator).toMatchObject({
      listed: false,
      suggestion: `arn:aws:iam::${SECURITY}:role/aws-reserved/sso.amazonaws.com/*${SSO_ROLE}`,
    });
    expect(err).toContain(`your principal ${CALLER} is not in operatorPrincipalArns (empty`);
    expect(err).toContain(
      `"operatorPrincipalArns": ["arn:aws:iam::${SECURITY}:role/aws-reserved/sso.amazonaws.com/*${SSO_ROLE}"]`,
    );
    expect(err).toContain(`IR_OPERATOR_PRINCIPAL_ARNS=arn:aws:iam::${SECURITY}:role/`);
    // Everything the security account can see is still checked.
    expect(report.rows[0]).toMatchObject({
      role: { status: 'unknown' },
      stacks: { status: 'ok' },
      guardDuty: { status: 'ok' },
    });
  });

  it('prints the fix once in the table output, not once per account', async () => {
    // Act
    const out = sink();
    await runDoctor(
      { accounts: [HEALTHY, SECURITY] },
      { ...DOCTOR_CONFIG, operatorPrincipalArns: [] },
      { out, err: sink() },
    );

    // Assert
    expect(out.text().match(/is not in operatorPrincipalArns/g)).toHaveLength(1);
    expect(out.text()).toContain('ROLE and TRUST not checked: your principal');
  });

  it('works as written once the suggested value is deployed', async () => {
    // Arrange: what doctor said, set as the documented variable at deploy.
    const { report } = await doctor([]);
    const suggestion = report.operator?.suggestion ?? '';
    const deployed = loadConfig({
      cwd: __dirname,
      env: { IR_OPERATOR_PRINCIPAL_ARNS: suggestion },
    });

    // Assert: the member role trusts the caller's role under either Identity Center path, and
    // no other permission set.
    expect(deployed.operatorPrincipalArns).toEqual([suggestion]);
    const sso = `arn:aws:iam::${SECURITY}:role/aws-reserved/sso.amazonaws.com`;
    expect(await trusted(deployed.operatorPrincipalArns, `${sso}/${SSO_ROLE}`)).toBe('Allowed');
    expect(await trusted(deployed.operatorPrincipalArns, `${sso}/eu-west-1/${SSO_ROLE}`)).toBe(
      'Allowed',
    );
    expect(
      await trusted(
        deployed.operatorPrincipalArns,
        `${sso}/AWSReservedSSO_ReadOnly_0123456789abcdef`,
      ),
    ).toBe('ImplicitlyDenied');
    expect(await trusted([], `${sso}/${SSO_ROLE}`)).toBe('ImplicitlyDenied');

    // Act: the same doctor, now an operator.
    mocks.sts.resetHistory();
    // (The scenario's member roles were deployed trusting ops-* as well.)
    const after = await doctor([
      ...DOCTOR_CONFIG.operatorPrincipalArns,
      ...deployed.operatorPrincipalArns,
    ]);

    // Assert
    expect(after.report.operator?.listed).toBe(true);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(after.code).toBe(0);
  });
});

describe('audit and respond as a non-operator', () => {
  it.each([
    ['audit', ['audit', '--accounts', HEALTHY]],
    ['respond', ['respond', 'test/fixtures/guardduty/ec2-backdoor.json']],
  ])('%s stops before any member account with the fix and exit 2', async (command, args) => {
    // Act
    const err = sink();
    const code = await main(args, {
      out: sink(),
      err,
      config: () => loadConfig({ cwd: __dirname, env: {} }),
    });

    // Assert
    expect(code).toBe(2);
    expect(err.text()).toContain(
      `error: ${command} acts through the member role, which trusts only operators`,
    );
    expect(err.text()).toContain('"operatorPrincipalArns": [');
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });
});

describe('operatorStatus', () => {
  it.each([
    ['an exact role ARN', `arn:aws:iam::${SECURITY}:role/ops`, 'ops', true],
    ['a role ARN with its path', `arn:aws:iam::${SECURITY}:role/team/ops`, 'ops', true],
    ['a wildcard over role names', `arn:aws:iam::${SECURITY}:role/ops-*`, 'ops-jane', true],
    ['a wildcard over the path', `arn:aws:iam::${SECURITY}:role/aws-reserved/*`, 'x', true],
    ['another role', `arn:aws:iam::${SECURITY}:role/ops`, 'admin', false],
    ['the same role in another account', 'arn:aws:iam::999999999999:role/ops', 'ops', false],
  ])('matches %s as the member role trust would', (_case, pattern, role, listed) => {
    const caller = `arn:aws:sts::${SECURITY}:assumed-role/${role}/s`;
    expect(operatorStatus(caller, [pattern]).listed).toBe(listed);
  });

  it('suggests the role ARN of a plain role and how to find its path', () => {
    const status = operatorStatus(`arn:aws:sts::${SECURITY}:assumed-role/Admin/s`, []);
    expect(status.suggestion).toBe(`arn:aws:iam::${SECURITY}:role/Admin`);
    expect(status.fix).toContain('aws iam get-role --role-name Admin --query Role.Arn');
  });

  it('suggests an IAM user by its own ARN and refuses the root user', () => {
    const user = `arn:aws:iam::${SECURITY}:user/ops/jane`;
    expect(operatorStatus(user, []).suggestion).toBe(user);
    expect(operatorStatus(user, [user]).listed).toBe(true);
    const root = operatorStatus(`arn:aws:iam::${SECURITY}:root`, []);
    expect(root.suggestion).toBeUndefined();
    expect(root.fix).toContain('cannot be an operator');
  });
});
