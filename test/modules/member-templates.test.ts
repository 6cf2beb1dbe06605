import { RESPONDER_NAMES } from '../../lambdas/shared/catalogue';
import { parseConfig } from '../../modules/config/load';
import type { ConfigInput } from '../../modules/config/schema';
import {
  globalMemberTemplate,
  IS_MEMBER_CONDITION,
  regionalMemberTemplate,
  responderRoleName,
} from '../../modules/member-templates';
import type { CfnResource, CfnTemplate } from '../../modules/shared/cfn';
import type { CfnPolicyDocument } from '../../modules/shared/member-policy';
import { templateProblems } from '../support/cfn';
import type { Pattern } from '../support/event-pattern';
import { matchesPattern } from '../support/event-pattern';

const configOf = (input: ConfigInput = {}) => parseConfig(input);
const propsOf = (t: CfnTemplate, id: string): CfnResource['Properties'] => {
  const resource = t.Resources[id];
  if (!resource) throw new Error(`no resource ${id}`);
  return resource.Properties;
};
const policyOf = (t: CfnTemplate, id: string) =>
  (propsOf(t, id).Policies as readonly { PolicyDocument: CfnPolicyDocument }[])[0].PolicyDocument;

// A Config compliance change as a member account's default bus receives it.
function complianceEvent(ruleName: string, complianceType = 'NON_COMPLIANT') {
  return {
    version: '0',
    id: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    'detail-type': 'Config Rules Compliance Change',
    source: 'aws.config',
    account: '444455556666',
    time: '2025-05-01T10:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      resourceId: 'sg-0123456789abcdef0',
      awsRegion: 'eu-west-1',
      awsAccountId: '444455556666',
      configRuleName: ruleName,
      recordVersion: '1.0',
      configRuleARN: 'arn:aws:config:eu-west-1:444455556666:config-rule/config-rule-abcdef',
      messageType: 'ComplianceChangeNotification',
      newEvaluationResult: { complianceType, resultRecordedTime: '2025-05-01T10:00:00.000Z' },
      resourceType: 'AWS::EC2::SecurityGroup',
    },
  };
}

describe('member templates: structure', () => {
  it.each([
    ['default', {}],
    ['with Config rules deployed', { deployConfigRules: true }],
    ['with no Config rule', { configRules: [] }],
    ['in another home region', { homeRegion: 'eu-west-1', regions: ['eu-west-1', 'us-east-1'] }],
  ] as [string, ConfigInput][])('builds valid templates (%s)', (_, input) => {
    // Arrange
    const config = configOf(input);
    // Act
    const templates = [globalMemberTemplate(config), regionalMemberTemplate(config)];
    // Assert
    expect(templates.flatMap(templateProblems)).toEqual([]);
  });

  it('finds the problems the structure check looks for', () => {
    const broken = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: 'broken',
      Resources: {
        R: {
          Type: 'AWS::S3::Bucket',
          Condition: 'Missing',
          Properties: {
            A: { Ref: 'Nope' },
            B: { 'Fn::Sub': `\${Gone}-\${AWS::Region}` },
            C: { 'Fn::GetAtt': ['X', 'Arn'] },
          },
        },
      },
    } as const satisfies CfnTemplate;
    expect(templateProblems(broken)).toEqual([
      'Resources.R.Type: AWS::S3::Bucket',
      'Resources.R.Condition: Missing',
      'Resources.R.Properties.A.Ref: Nope',
      `Resources.R.Properties.B.Fn::Sub: \${Gone}`,
      'Resources.R.Properties.C.Fn::GetAtt: ["X","Arn"]',
    ]);
  });

  it('takes the security account as a 12-digit parameter', () => {
    const parameter = globalMemberTemplate(configOf()).Parameters?.SecurityAccountId;
    const re = new RegExp(parameter?.AllowedPattern ?? 'missing');
    expect(re.test('111122223333')).toBe(true);
    expect(re.test('11112222333')).toBe(false);
    expect(re.test('1111222233334')).toBe(false);
    expect(regionalMemberTemplate(configOf()).Parameters).toEqual(
      globalMemberTemplate(configOf()).Parameters,
    );
  });

  it('stays under the 51,200-byte limit of a template body', () => {
    const config = configOf({ deployConfigRules: true });
    expect(Buffer.byteLength(JSON.stringify(globalMemberTemplate(config)))).toBeLessThan(51_200);
    expect(Buffer.byteLength(JSON.stringify(regionalMemberTemplate(config)))).toBeLessThan(51_200);
  });
});

describe('global member template: roles', () => {
  it('names the roles from the configuration', () => {
    // Arrange
    const config = configOf({
      prefix: 'acme-ir',
      memberRoleName: 'Acme-IR',
      automationRoleName: 'Acme-IR-Runbooks',
    } as ConfigInput);
    // Act
    const t = globalMemberTemplate(config);
    // Assert
    expect(propsOf(t, 'MemberRole').RoleName).toBe('Acme-IR');
    expect(propsOf(t, 'AutomationRole').RoleName).toBe('Acme-IR-Runbooks');
    expect(Object.values(t.Resources).map((r) => r.Type)).toEqual([
      'AWS::IAM::ManagedPolicy',
      'AWS::IAM::Role',
      'AWS::IAM::Role',
    ]);
    // The reads are a managed policy of their own, attached to the member role only.
    expect(propsOf(t, 'MemberReadPolicy').ManagedPolicyName).toBe('acme-ir-member-reads');
    expect(propsOf(t, 'MemberRole').ManagedPolicyArns).toEqual([{ Ref: 'MemberReadPolicy' }]);
    expect(propsOf(t, 'AutomationRole').ManagedPolicyArns).toBeUndefined();
    expect(Object.keys(t.Outputs ?? {})).toEqual(['MemberRoleArn', 'AutomationRoleArn']);
  });

  it('trusts exactly the responder roles of the security account, for AssumeRole and SetSourceIdentity', () => {
    const trust = propsOf(globalMemberTemplate(configOf({ prefix: 'acme-ir' })), 'MemberRole')
      .AssumeRolePolicyDocument as CfnPolicyDocument;
    expect(trust.Statement).toEqual([
      {
        Sid: 'Trust',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${SecurityAccountId}:root` } },
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Condition: {
          ArnEquals: {
            'aws:PrincipalArn': RESPONDER_NAMES.filter((r) => r !== 'escalate-finding').map(
              (r) => ({
                'Fn::Sub': `arn:\${AWS::Partition}:iam::\${SecurityAccountId}:role/acme-ir-${r}`,
              }),
            ),
          },
        },
      },
    ]);
    expect(responderRoleName('acme-ir', 'isolate-ec2')).toBe('acme-ir-isolate-ec2');
  });

  it('lets only SSM of the same account assume the automation role', () => {
    const trust = propsOf(globalMemberTemplate(configOf()), 'AutomationRole')
      .AssumeRolePolicyDocument as CfnPolicyDocument;
    expect(trust.Statement[0].Principal).toEqual({ Service: 'ssm.amazonaws.com' });
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { 'Fn::Sub': `\${AWS::AccountId}` } },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Sub': `arn:\${AWS::Partition}:ssm:*:\${AWS::AccountId}:automation-execution/*`,
        },
      },
    });
  });

  it('lets the event forwarder put events only on the security account bus of the home region', () => {
    const t = regionalMemberTemplate(
      configOf({ prefix: 'acme-ir', homeRegion: 'eu-west-1', regions: ['eu-west-1'] }),
    );
    expect(propsOf(t, 'EventForwarderRole').RoleName).toEqual({
      'Fn::Sub': `acme-ir-event-forwarder-\${AWS::Region}`,
    });
    expect(t.Resources.EventForwarderRole?.Condition).toBe(IS_MEMBER_CONDITION);
    expect(policyOf(t, 'EventForwarderRole').Statement).toEqual([
      {
        Sid: 'PutEventsOnSecurityBus',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: {
          'Fn::Sub': `arn:\${AWS::Partition}:events:eu-west-1:\${SecurityAccountId}:event-bus/default`,
        },
      },
    ]);
    const trust = propsOf(t, 'EventForwarderRole').AssumeRolePolicyDocument as CfnPolicyDocument;
    expect(trust.Statement[0].Principal).toEqual({ Service: 'events.amazonaws.com' });
  });
});

describe('global member template: the exception tag key follows the configuration', () => {
  it('uses the configured key in every exception Deny and in the tag-key Deny of both roles', () => {
    // Arrange
    const t = globalMemberTemplate(configOf({ exceptionTagKey: 'ir:exempt' }));
    // Act
    const statements = [
      ...policyOf(t, 'MemberRole').Statement,
      ...policyOf(t, 'AutomationRole').Statement,
    ];
    const exceptionDenies = statements.filter(
      (s) => s.Sid.startsWith('DenyException') && s.Sid !== 'DenyExceptionTagChanges',
    );
    const tagDenies = statements.filter((s) => s.Sid === 'DenyExceptionTagChanges');
    // Assert
    expect(exceptionDenies.length).toBeGreaterThan(5);
    expect(
      exceptionDenies.filter(
        (s) => JSON.stringify(s.Condition) !== '{"Null":{"aws:ResourceTag/ir:exempt":"false"}}',
      ),
    ).toEqual([]);
    expect(tagDenies.map((s) => s.Condition)).toEqual([
      { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': ['ir:exempt'] } },
      { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': ['ir:exempt'] } },
    ]);
    expect(JSON.stringify(t)).not.toContain('SecurityException');
  });
});

describe('regional member template: forwarding', () => {
  const config = configOf({ homeRegion: 'eu-west-1', regions: ['eu-west-1', 'us-east-1'] });
  const t = regionalMemberTemplate(config);
  const rule = t.Resources.ForwardConfigCompliance;
  const pattern = rule.Properties.EventPattern as Pattern;

  it('forwards only outside the security account, whose own rules catch its events', () => {
    expect(rule.Condition).toBe(IS_MEMBER_CONDITION);
    expect(t.Conditions?.[IS_MEMBER_CONDITION]).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, { Ref: 'SecurityAccountId' }] }],
    });
  });

  it('targets the security account default bus in the home region through the forwarder role', () => {
    expect(rule.Type).toBe('AWS::Events::Rule');
    expect(rule.Properties.Targets).toEqual([
      {
        Id: 'security-account',
        Arn: {
          'Fn::Sub': `arn:\${AWS::Partition}:events:eu-west-1:\${SecurityAccountId}:event-bus/default`,
        },
        // Its own template's role: nothing of the global stack set is needed.
        RoleArn: { 'Fn::GetAtt': ['EventForwarderRole', 'Arn'] },
      },
    ]);
    expect(rule.Properties).not.toHaveProperty('InputTransformer');
  });

  it.each([
    'restricted-ssh',
    'securityhub-restricted-ssh-1a2b3c4d',
    'restricted-ssh-conformance-pack-k1x9zq2m',
    'securityhub-s3-bucket-public-read-prohibited-0f9e8d7c',
  ])('matches a non-compliant evaluation of %s', (name) => {
    expect(matchesPattern(pattern, complianceEvent(name))).toBe(true);
  });

  it.each([
    'restricted-sshd',
    'my-restricted-ssh',
    'securityhub-restricted-sshd-1a2b3c4d',
    'securityhub-iam-root-access-key-check-1a2b3c4d',
  ])('ignores the unrelated rule %s', (name) => {
    expect(matchesPattern(pattern, complianceEvent(name))).toBe(false);
  });

  it('ignores a compliant evaluation and another source', () => {
    expect(matchesPattern(pattern, complianceEvent('restricted-ssh', 'COMPLIANT'))).toBe(false);
    expect(
      matchesPattern(pattern, { ...complianceEvent('restricted-ssh'), source: 'aws.securityhub' }),
    ).toBe(false);
  });

  it('stays under the default 2,048-character event pattern quota with the default rules', () => {
    expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
  });

  it('deploys no Config rule unless asked, and one resource that the security account creates too', () => {
    expect(Object.values(t.Resources).map((r) => [r.Type, r.Condition])).toEqual([
      ['AWS::IAM::Role', IS_MEMBER_CONDITION],
      ['AWS::Events::Rule', IS_MEMBER_CONDITION],
      ['AWS::CloudFormation::WaitConditionHandle', undefined],
    ]);
  });
});

describe('regional member template: stands on its own', () => {
  it('refers to no resource, export or role name of the global template', () => {
    // Arrange
    const config = configOf({ deployConfigRules: true, regions: ['us-east-1', 'eu-west-1'] });
    const global = globalMemberTemplate(config);
    const text = JSON.stringify(regionalMemberTemplate(config));
    // Act
    const globalNames = [
      ...Object.keys(global.Resources),
      ...Object.values(global.Resources).map((r) => String(r.Properties.RoleName)),
    ];
    // Assert
    expect(globalNames.filter((n) => text.includes(n))).toEqual([]);
    expect(text).not.toContain('Fn::ImportValue');
  });
});

describe('regional member template: Config rules', () => {
  it('deploys one managed rule per configured rule, under its base name, scoped to what the response acts on', () => {
    // Arrange
    const config = configOf({ deployConfigRules: true });
    // Act
    const resources = regionalMemberTemplate(config).Resources;
    const rules = Object.values(resources).filter((r) => r.Type === 'AWS::Config::ConfigRule');
    // Assert
    expect(resources).not.toHaveProperty('Placeholder');
    expect(rules.map((r) => r.Properties.ConfigRuleName)).toEqual(
      config.configRules.map((r) => r.name),
    );
    expect(rules.find((r) => r.Properties.ConfigRuleName === 'restricted-ssh')?.Properties).toEqual(
      {
        ConfigRuleName: 'restricted-ssh',
        Source: { Owner: 'AWS', SourceIdentifier: 'INCOMING_SSH_DISABLED' },
        Scope: { ComplianceResourceTypes: ['AWS::EC2::SecurityGroup'] },
      },
    );
    expect(
      rules.find((r) => r.Properties.ConfigRuleName === 's3-bucket-public-read-prohibited')
        ?.Properties.Scope,
    ).toEqual({
      ComplianceResourceTypes: ['AWS::S3::Bucket'],
    });
    expect(
      rules.find((r) => r.Properties.ConfigRuleName === 'encrypted-volumes')?.Properties,
    ).not.toHaveProperty('Scope');
  });

  it('deploys a managed rule only in the regions listed for it, every other rule everywhere', () => {
    // Arrange
    const defaults = configOf({});
    const config = configOf({
      regions: ['us-east-1', 'eu-west-1', 'ap-southeast-7'],
      deployConfigRules: true,
      configRules: defaults.configRules.map((r) =>
        r.name === 'restricted-common-ports' ? { ...r, regions: ['us-east-1', 'eu-west-1'] } : r,
      ),
    });
    // Act
    const t = regionalMemberTemplate(config);
    // Assert
    const id = 'ConfigRuleRestrictedCommonPorts';
    expect(t.Resources[id]?.Condition).toBe(`Deploy${id}`);
    expect(t.Conditions?.[`Deploy${id}`]).toEqual({
      'Fn::Equals': [
        { 'Fn::FindInMap': ['ConfigRuleRegions', { Ref: 'AWS::Region' }, id] },
        'true',
      ],
    });
    expect(t.Mappings?.ConfigRuleRegions).toEqual({
      'us-east-1': { [id]: 'true' },
      'eu-west-1': { [id]: 'true' },
      'ap-southeast-7': { [id]: 'false' },
    });
    expect(t.Resources.ConfigRuleRestrictedSsh?.Condition).toBeUndefined();
    expect(templateProblems(t)).toEqual([]);
  });

  it('has no mapping when no rule is limited to regions', () => {
    expect(regionalMemberTemplate(configOf({ deployConfigRules: true }))).not.toHaveProperty(
      'Mappings',
    );
  });

  it('creates only a placeholder when there is nothing to forward or deploy', () => {
    const t = regionalMemberTemplate(configOf({ configRules: [] }));
    expect(Object.values(t.Resources).map((r) => r.Type)).toEqual([
      'AWS::CloudFormation::WaitConditionHandle',
    ]);
  });
});
