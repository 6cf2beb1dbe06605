import { runSimulation } from '@cloud-copilot/iam-simulate';
import { CENTRAL_ACTIONS } from '../../lambdas/shared/catalogue';
import { parseConfig } from '../../modules/config/load';
import { memberTrustPolicy } from '../../modules/member-templates';
import { policy } from '../../modules/shared/policy';
import { centralStatements } from '../../modules/shared/responder-policy';
import { resolveSubs } from '../support/cfn';

// Arrange (shared): the isolate-ec2 responder's role in the security account.
const SECURITY = '111122223333';
const ORG = 'o-abcdefghij';
const RESPONDER = `arn:aws:iam::${SECURITY}:role/security-ir-isolate-ec2`;
const TOPIC = `arn:aws:sns:us-east-1:${SECURITY}:security-ir-alerts`;
const LEDGER = `arn:aws:dynamodb:us-east-1:${SECURITY}:table/security-ir-ledger`;
const scope = {
  partition: 'aws',
  accountId: SECURITY,
  organizationId: ORG,
  memberRoleName: 'Security-IR-Role',
  alertsTopicArn: TOPIC,
  needsOrganizations: true,
  ledgerTableArn: LEDGER,
};
const responderPolicy = policy(...centralStatements(scope));

/** The trust policy a role of `accountId` carries: the member role's, or one that trusts the security account. */
function trustOf(resource: string, accountId: string): unknown {
  if (!resource.startsWith('arn:aws:iam::') || accountId === SECURITY) return undefined;
  if (resource.endsWith(':role/Security-IR-Role')) {
    const config = parseConfig({});
    return resolveSubs(memberTrustPolicy(config.prefix), {
      'AWS::Partition': 'aws',
      'AWS::AccountId': accountId,
      SecurityAccountId: SECURITY,
    });
  }
  return policy({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${SECURITY}:root` },
    Action: 'sts:AssumeRole',
  });
}

async function request(
  action: string,
  resource: string,
  accountId: string,
  context: Record<string, string> = {},
) {
  const result = await runSimulation(
    {
      identityPolicies: [{ name: 'responder', policy: responderPolicy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trustOf(resource, accountId),
      request: {
        principal: `arn:aws:sts::${SECURITY}:assumed-role/security-ir-isolate-ec2/fn`,
        action,
        resource: { resource, accountId },
        contextVariables: { 'aws:PrincipalArn': RESPONDER, ...context },
      },
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}

describe('responder role: reaching member accounts', () => {
  it('may assume the member role in an account of the organization', async () => {
    expect(
      await request(
        'sts:AssumeRole',
        'arn:aws:iam::444455556666:role/Security-IR-Role',
        '444455556666',
        {
          'aws:ResourceOrgID': ORG,
        },
      ),
    ).toBe('Allowed');
  });

  it('may not assume the member role name in an account outside the organization', async () => {
    expect(
      await request(
        'sts:AssumeRole',
        'arn:aws:iam::999999999999:role/Security-IR-Role',
        '999999999999',
        {
          'aws:ResourceOrgID': 'o-zzzzzzzzzz',
        },
      ),
    ).toBe('ImplicitlyDenied');
  });

  it('may not assume any other role of a member account', async () => {
    expect(
      await request(
        'sts:AssumeRole',
        'arn:aws:iam::444455556666:role/OrganizationAccountAccessRole',
        '444455556666',
        {
          'aws:ResourceOrgID': ORG,
        },
      ),
    ).toBe('ImplicitlyDenied');
  });
});

describe('responder role: recording and notifying in the security account', () => {
  it('archives GuardDuty findings (an action without resource-level permissions)', async () => {
    expect(await request('guardduty:ArchiveFindings', '*', SECURITY)).toBe('Allowed');
  });

  it('updates Security Hub findings only through its own hub', async () => {
    expect(
      await request(
        'securityhub:BatchUpdateFindings',
        `arn:aws:securityhub:eu-west-1:${SECURITY}:hub/default`,
        SECURITY,
      ),
    ).toBe('Allowed');
    expect(
      await request(
        'securityhub:BatchUpdateFindings',
        'arn:aws:securityhub:eu-west-1:444455556666:hub/default',
        '444455556666',
      ),
    ).toBe('ImplicitlyDenied');
  });

  it('publishes only to the alerts topic', async () => {
    expect(await request('sns:Publish', TOPIC, SECURITY)).toBe('Allowed');
    expect(await request('sns:Publish', `arn:aws:sns:us-east-1:${SECURITY}:other`, SECURITY)).toBe(
      'ImplicitlyDenied',
    );
  });

  it('writes to the ledger table only, reads one item (a finding’s claim), and cannot list or delete', async () => {
    expect(await request('dynamodb:PutItem', LEDGER, SECURITY)).toBe('Allowed');
    expect(await request('dynamodb:UpdateItem', LEDGER, SECURITY)).toBe('Allowed');
    expect(await request('dynamodb:GetItem', LEDGER, SECURITY)).toBe('Allowed');
    const other = `arn:aws:dynamodb:us-east-1:${SECURITY}:table/other`;
    for (const action of ['dynamodb:PutItem', 'dynamodb:GetItem']) {
      expect(await request(action, other, SECURITY)).toBe('ImplicitlyDenied');
    }
    for (const action of ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:DeleteItem']) {
      expect(await request(action, LEDGER, SECURITY)).toBe('ImplicitlyDenied');
    }
  });

  it('has no ledger statement without a ledger table', () => {
    const { ledgerTableArn: _, ...withoutLedger } = scope;
    const actions = centralStatements(withoutLedger).map((s) => s.Action);

    expect(actions).not.toContain('dynamodb:PutItem');
  });

  it('has a statement for every central action of the catalogue', () => {
    const actions = responderPolicy.Statement.map((s) => s.Action);

    expect(actions).toEqual([...CENTRAL_ACTIONS]);
  });

  it('leaves out organizations:ListParents when no OU mode is configured', () => {
    const actions = centralStatements({ ...scope, needsOrganizations: false }).map((s) => s.Action);

    expect(actions).not.toContain('organizations:ListParents');
  });
});
