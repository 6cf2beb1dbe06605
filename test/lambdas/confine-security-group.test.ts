import {
  AuthorizeSecurityGroupIngressCommand,
  type AuthorizeSecurityGroupIngressCommandInput,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type RevokeSecurityGroupIngressCommandInput,
  type SecurityGroupRule,
  type Tag,
} from '@aws-sdk/client-ec2';
import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { handler } from '../../lambdas/confine-security-group';
import { DEFAULT_CONFIG_RULES } from '../../lambdas/shared/defaults';
import configFixture from '../fixtures/config/sg-restricted-ssh.json';
import bucketFixture from '../fixtures/securityhub/s3-public-read.json';
import hubFixture from '../fixtures/securityhub/sg-open-ssh.json';
import {
  awsError,
  createMocks,
  inputsOf,
  publishedOutcomes,
  resetAll,
  sentActions,
  undeclaredActions,
} from '../support/aws';

const mocks = createMocks();

const CONFIG_RULES = JSON.stringify(
  Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
);
const GROUP = 'sg-0a1b2c3d4e5f60718';
const CONFIG_FINDING = `restricted-ssh/${GROUP}`;
const HUB_FINDING = hubFixture.detail.findings[0]?.Id ?? '';
const DESCRIPTION_V4 = `security-ir: replaces 0.0.0.0/0, finding ${CONFIG_FINDING}`;
const DESCRIPTION_V6 = `security-ir: replaces ::/0, finding ${CONFIG_FINDING}`;

const configEvent = () => structuredClone(configFixture);
const hubEvent = () => structuredClone(hubFixture);

function ingress(id: string, fields: Partial<SecurityGroupRule>): SecurityGroupRule {
  return {
    SecurityGroupRuleId: id,
    GroupId: GROUP,
    GroupOwnerId: '222222222222',
    IsEgress: false,
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    ...fields,
  };
}

const OPEN_SSH = ingress('sgr-0000000000000001a', { CidrIpv4: '0.0.0.0/0' });
const EGRESS_ALL = ingress('sgr-00000000000000e9a', {
  IsEgress: true,
  IpProtocol: '-1',
  FromPort: -1,
  ToPort: -1,
  CidrIpv4: '0.0.0.0/0',
});

/**
 * Answers the describes with `rules` and `tags`, and every change with success. With `group`, only
 * the describes of that group (several groups in one event); without, any describe.
 */
function answerGroup(rules: SecurityGroupRule[], tags: Tag[] = [], group?: string): void {
  const id = group ?? GROUP;
  const groups = { SecurityGroups: [{ GroupId: id, VpcId: 'vpc-0c1d2e3f4a5b6c7d8', Tags: tags }] };
  if (group) {
    mocks.ec2.on(DescribeSecurityGroupsCommand, { GroupIds: [group] }).resolves(groups);
    mocks.ec2
      .on(DescribeSecurityGroupRulesCommand, { Filters: [{ Name: 'group-id', Values: [group] }] })
      .resolves({ SecurityGroupRules: rules });
  } else {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves(groups);
    mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: rules });
  }
  mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
  mocks.ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
}

// Commands whose input is all optional need the input type spelled out for `inputsOf`.
const authorizeInputs = () =>
  inputsOf<AuthorizeSecurityGroupIngressCommandInput>(
    mocks.ec2,
    AuthorizeSecurityGroupIngressCommand,
  );
const revokeInputs = () =>
  inputsOf<RevokeSecurityGroupIngressCommandInput>(mocks.ec2, RevokeSecurityGroupIngressCommand);

const mutations = () => [...authorizeInputs(), ...revokeInputs()];

beforeEach(() => {
  resetAll(mocks, { CONFIG_RULES });
});

describe('confine-security-group: ingress open to the world', () => {
  it('adds the allowed range first, then revokes only the open rule by its id', async () => {
    // Arrange
    answerGroup([OPEN_SSH, EGRESS_ALL]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(authorizeInputs()).toEqual([
      {
        GroupId: GROUP,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            IpRanges: [{ CidrIp: '10.0.0.0/8', Description: DESCRIPTION_V4 }],
          },
        ],
      },
    ]);
    expect(revokeInputs()).toEqual([
      { GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0000000000000001a'] },
    ]);
    expect(sentActions(mocks).filter((a) => /Security\w+Ingress/.test(a))).toEqual([
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupIngress',
    ]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        status: 'contained',
        responder: 'confine-security-group',
        resource: GROUP,
        accountId: '222222222222',
        region: 'eu-west-1',
        mode: 'contain',
        findingId: CONFIG_FINDING,
        reason:
          `revoked ingress open to the world on ${GROUP}: sgr-0000000000000001a (tcp 22 from ` +
          '0.0.0.0/0), allowing tcp 22 from 10.0.0.0/8 instead',
        steps: [
          {
            action: 'ec2:AuthorizeSecurityGroupIngress',
            target: GROUP,
            status: 'done',
            detail: 'tcp 22 from 10.0.0.0/8',
          },
          {
            action: 'ec2:RevokeSecurityGroupIngress',
            target: GROUP,
            status: 'done',
            detail: 'sgr-0000000000000001a (tcp 22 from 0.0.0.0/0)',
          },
        ],
      }),
    ]);
    expect(undeclaredActions(mocks, 'confine-security-group')).toEqual([]);
  });

  it('replaces the open IPv4 and IPv6 ranges and leaves the private range, group reference, prefix list and egress alone', async () => {
    // Arrange
    resetAll(mocks, {
      CONFIG_RULES,
      ALLOWED_CIDR_V4: '10.0.0.0/8,192.168.0.0/16',
      ALLOWED_CIDR_V6: 'fd00::/8',
    });
    answerGroup([
      OPEN_SSH,
      ingress('sgr-0000000000000002b', { CidrIpv6: '::/0' }),
      ingress('sgr-0000000000000003c', { CidrIpv4: '10.0.0.0/8' }),
      ingress('sgr-0000000000000004d', {
        ReferencedGroupInfo: { GroupId: 'sg-0fedcba9876543210', UserId: '222222222222' },
      }),
      ingress('sgr-0000000000000005e', { PrefixListId: 'pl-0123456789abcdef0' }),
      ingress('sgr-0000000000000006f', { FromPort: 3389, ToPort: 3389, CidrIpv4: '0.0.0.0/0' }),
      EGRESS_ALL,
    ]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(authorizeInputs()).toEqual([
      {
        GroupId: GROUP,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: 22,
            ToPort: 22,
            // 10.0.0.0/8 is already allowed on port 22: adding it again would fail the whole call.
            IpRanges: [{ CidrIp: '192.168.0.0/16', Description: DESCRIPTION_V4 }],
            Ipv6Ranges: [{ CidrIpv6: 'fd00::/8', Description: DESCRIPTION_V6 }],
          },
          {
            IpProtocol: 'tcp',
            FromPort: 3389,
            ToPort: 3389,
            IpRanges: [
              { CidrIp: '10.0.0.0/8', Description: DESCRIPTION_V4 },
              { CidrIp: '192.168.0.0/16', Description: DESCRIPTION_V4 },
            ],
          },
        ],
      },
    ]);
    expect(revokeInputs()).toEqual([
      {
        GroupId: GROUP,
        SecurityGroupRuleIds: [
          'sgr-0000000000000001a',
          'sgr-0000000000000002b',
          'sgr-0000000000000006f',
        ],
      },
    ]);
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.steps.map((s) => `${s.action} ${s.status}`)).toEqual([
      'ec2:AuthorizeSecurityGroupIngress done',
      'ec2:RevokeSecurityGroupIngress done',
    ]);
  });

  it('reads the group and its rules in parallel, then authorizes and revokes: four sequential calls with AssumeRole', async () => {
    // Arrange
    const timeline: { name: string; start: number; end: number }[] = [];
    let clock = 0;
    const timed =
      <T>(name: string, value: T) =>
      async () => {
        const entry = { name, start: clock++, end: Number.POSITIVE_INFINITY };
        timeline.push(entry);
        await new Promise((resolve) => setImmediate(resolve));
        entry.end = clock++;
        return value;
      };
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .callsFake(timed('DescribeSecurityGroups', { SecurityGroups: [{ GroupId: GROUP }] }));
    mocks.ec2
      .on(DescribeSecurityGroupRulesCommand)
      .callsFake(timed('DescribeSecurityGroupRules', { SecurityGroupRules: [OPEN_SSH] }));
    mocks.ec2
      .on(AuthorizeSecurityGroupIngressCommand)
      .callsFake(timed('Authorize', { Return: true }));
    mocks.ec2.on(RevokeSecurityGroupIngressCommand).callsFake(timed('Revoke', { Return: true }));

    // Act
    await handler(configEvent());

    // Assert: a call's round is one after the latest round that ended before it started.
    const rounds = new Map<string, number>();
    for (const call of timeline) {
      const before = timeline.filter((p) => p.end < call.start).map((p) => rounds.get(p.name) ?? 0);
      rounds.set(call.name, 1 + Math.max(0, ...before));
    }
    expect(Object.fromEntries(rounds)).toEqual({
      DescribeSecurityGroups: 1,
      DescribeSecurityGroupRules: 1,
      Authorize: 2,
      Revoke: 3,
    });
  });

  it('confines the group of a Security Hub finding and resolves the finding with a note', async () => {
    // Arrange
    answerGroup([OPEN_SSH]);

    // Act
    const { outcomes } = await handler(hubEvent());

    // Assert
    const authorize = authorizeInputs()[0];
    expect(authorize?.IpPermissions?.[0]?.IpRanges).toEqual([
      {
        CidrIp: '10.0.0.0/8',
        Description: `security-ir: replaces 0.0.0.0/0, finding ${HUB_FINDING}`,
      },
    ]);
    expect(revokeInputs()).toHaveLength(1);
    expect(outcomes[0]?.status).toBe('contained');
    expect(inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)).toEqual([
      expect.objectContaining({
        FindingIdentifiers: [
          { Id: HUB_FINDING, ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub' },
        ],
        Workflow: { Status: 'RESOLVED' },
      }),
    ]);
    expect(undeclaredActions(mocks, 'confine-security-group')).toEqual([]);
  });

  it('takes the group id from Details.AwsEc2SecurityGroup.GroupId when the resource Id is not an ARN', async () => {
    // Arrange
    answerGroup([OPEN_SSH]);
    const event = hubEvent();
    const resource = event.detail.findings[0]?.Resources[0];
    if (resource) resource.Id = 'web-bastion';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained', resource: GROUP });
  });

  it.each([
    ['Security Hub', 'securityhub-restricted-ssh-1a2b3c4d'],
    ['a conformance pack', 'restricted-ssh-conformance-pack-abcd1234'],
  ])('answers the rule created by %s by its base name', async (_by, name) => {
    // Arrange
    answerGroup([OPEN_SSH]);
    const event = configEvent();
    event.detail.configRuleName = name;

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(revokeInputs()).toHaveLength(1);
  });
});

describe('confine-security-group: nothing open to the world', () => {
  it('skips a group without open ingress and changes nothing', async () => {
    // Arrange
    answerGroup([ingress('sgr-0000000000000003c', { CidrIpv4: '10.0.0.0/8' }), EGRESS_ALL]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'skipped',
      reason: `${GROUP} has no ingress open to the world`,
      steps: [],
    });
    expect(mutations()).toEqual([]);
  });

  it('changes nothing when the same finding arrives again after containment', async () => {
    // Arrange
    answerGroup([OPEN_SSH]);
    await handler(configEvent());
    answerGroup([ingress('sgr-0000000000000007a', { CidrIpv4: '10.0.0.0/8' })]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('skipped');
    expect(authorizeInputs()).toHaveLength(1);
    expect(revokeInputs()).toHaveLength(1);
  });
});

describe('confine-security-group: no replacement to add', () => {
  it('only revokes ::/0 when no IPv6 range is allowed, and says so', async () => {
    // Arrange
    answerGroup([ingress('sgr-0000000000000002b', { CidrIpv6: '::/0' })]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(authorizeInputs()).toEqual([]);
    expect(revokeInputs()).toEqual([
      { GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0000000000000002b'] },
    ]);
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toContain(
      'no IPv6 range is allowed (ALLOWED_CIDR_V6 is empty), so ::/0 is revoked without a replacement',
    );
  });

  it('only revokes when every allowed range is already on the port', async () => {
    // Arrange
    answerGroup([OPEN_SSH, ingress('sgr-0000000000000003c', { CidrIpv4: '10.0.0.0/8' })]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(authorizeInputs()).toEqual([]);
    expect(revokeInputs()).toHaveLength(1);
    expect(outcomes[0]?.reason).toContain('(the allowed ranges are already present)');
  });

  it('never adds a world range back, even when the configuration allows it', async () => {
    // Arrange
    resetAll(mocks, { CONFIG_RULES, ALLOWED_CIDR_V4: '0.0.0.0/0' });
    answerGroup([OPEN_SSH]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(authorizeInputs()).toEqual([]);
    expect(outcomes[0]?.reason).toContain('0.0.0.0/0 is revoked without a replacement');
  });
});

describe('confine-security-group: replacement already added (InvalidPermission.Duplicate)', () => {
  it('counts a duplicate single range as present and still revokes', async () => {
    // Arrange
    answerGroup([OPEN_SSH]);
    mocks.ec2
      .on(AuthorizeSecurityGroupIngressCommand)
      .rejects(awsError('InvalidPermission.Duplicate'));

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(authorizeInputs()).toHaveLength(1);
    expect(revokeInputs()).toHaveLength(1);
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.steps[0]).toMatchObject({
      action: 'ec2:AuthorizeSecurityGroupIngress',
      status: 'done',
      detail: 'tcp 22 from 10.0.0.0/8 (already present in part or whole)',
    });
  });

  it('adds each range alone when the batch holds a duplicate, so the missing ones still arrive', async () => {
    // Arrange
    resetAll(mocks, { CONFIG_RULES, ALLOWED_CIDR_V4: '10.0.0.0/8,192.168.0.0/16' });
    answerGroup([OPEN_SSH]);
    const duplicate = awsError('InvalidPermission.Duplicate');
    mocks.ec2
      .on(AuthorizeSecurityGroupIngressCommand)
      .rejectsOnce(duplicate)
      .rejectsOnce(duplicate)
      .resolves({ Return: true });

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    const single = (CidrIp: string): AuthorizeSecurityGroupIngressCommandInput => ({
      GroupId: GROUP,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp, Description: DESCRIPTION_V4 }],
        },
      ],
    });
    expect(authorizeInputs().slice(1)).toEqual([single('10.0.0.0/8'), single('192.168.0.0/16')]);
    expect(outcomes[0]?.status).toBe('contained');
    expect(revokeInputs()).toHaveLength(1);
  });
});

describe('confine-security-group: exception tag present', () => {
  it.each([
    ['the configured key', 'SecurityException', 'CHG-1234', ''],
    ['the key in another letter case', 'securityexception', 'CHG-1234', ''],
    [
      'an expired value',
      'SecurityException',
      'CHG-1234;expires=2020-01-31',
      ' (expired on 2020-01-31: renew or remove it)',
    ],
  ])('skips the group tagged with %s and changes nothing', async (_case, key, value, note) => {
    // Arrange
    answerGroup([OPEN_SSH], [{ Key: key, Value: value }]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'skipped',
      reason: `${GROUP} carries the exception tag ${key}=${JSON.stringify(value)}${note}; nothing changed`,
      exception: { key, value, ticket: 'CHG-1234' },
      steps: [],
    });
    expect(mutations()).toEqual([]);
  });

  it('leaves the Security Hub finding active with a note', async () => {
    // Arrange
    answerGroup([OPEN_SSH], [{ Key: 'SecurityException', Value: 'CHG-1234' }]);

    // Act
    await handler(hubEvent());

    // Assert
    const update = inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)[0];
    expect(update?.Workflow).toBeUndefined();
    expect(update?.Note?.Text).toContain('skipped');
    expect(mutations()).toEqual([]);
  });
});

describe('confine-security-group: dry-run', () => {
  it.each([
    ['DRY_RUN is set', { DRY_RUN: 'true' }],
    [
      'the account is in dry-run',
      {
        RESPONSE_MODES:
          '{"default":"contain","accounts":{"222222222222":"dry-run"},"organizationalUnits":{}}',
      },
    ],
  ])('plans the steps and changes nothing when %s', async (_case, env) => {
    // Arrange
    resetAll(mocks, { CONFIG_RULES, ...env });
    answerGroup([OPEN_SSH]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(mutations()).toEqual([]);
    expect(outcomes[0]).toMatchObject({
      status: 'dry-run',
      mode: 'dry-run',
      reason: expect.stringMatching(/^would revoke ingress open to the world on sg-/),
      steps: [
        {
          action: 'ec2:AuthorizeSecurityGroupIngress',
          target: GROUP,
          status: 'planned',
          detail: 'tcp 22 from 10.0.0.0/8',
        },
        {
          action: 'ec2:RevokeSecurityGroupIngress',
          target: GROUP,
          status: 'planned',
          detail: 'sgr-0000000000000001a (tcp 22 from 0.0.0.0/0)',
        },
      ],
    });
  });

  it('plans the steps when the account sits in an OU in dry-run', async () => {
    // Arrange
    resetAll(mocks, {
      CONFIG_RULES,
      RESPONSE_MODES:
        '{"default":"contain","accounts":{},"organizationalUnits":{"ou-ab12-cd34ef56":"dry-run"}}',
    });
    mocks.organizations
      .on(ListParentsCommand, { ChildId: '222222222222' })
      .resolves({ Parents: [{ Id: 'ou-ab12-cd34ef56', Type: 'ORGANIZATIONAL_UNIT' }] });
    mocks.organizations
      .on(ListParentsCommand, { ChildId: 'ou-ab12-cd34ef56' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    answerGroup([OPEN_SSH]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(mutations()).toEqual([]);
  });

  it('ignores the finding without reading the group when the mode is off', async () => {
    // Arrange
    resetAll(mocks, {
      CONFIG_RULES,
      RESPONSE_MODES: '{"default":"off","accounts":{},"organizationalUnits":{}}',
    });

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'ignored', mode: 'off' });
    expect(mocks.ec2.calls()).toHaveLength(0);
  });
});

describe('confine-security-group: findings it does not handle', () => {
  it('ignores a COMPLIANT evaluation without any member-account call', async () => {
    // Arrange
    const event = configEvent();
    event.detail.newEvaluationResult.complianceType = 'COMPLIANT';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'the resource is COMPLIANT',
      steps: [],
    });
    expect(mocks.sts.calls()).toHaveLength(0);
    expect(mocks.ec2.calls()).toHaveLength(0);
  });

  it.each([
    ['a rule without configured response', 'iam-user-mfa-enabled', 'no response is configured'],
    [
      'a rule answered by another responder',
      's3-bucket-public-read-prohibited',
      'is answered by start-ssm-automation',
    ],
    ['a notify-only rule', 'encrypted-volumes', 'is answered by notify'],
  ])('ignores %s', async (_case, rule, reason) => {
    // Arrange
    const event = configEvent();
    event.detail.configRuleName = rule;

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.status).toBe('ignored');
    expect(outcomes[0]?.reason).toContain(reason);
    expect(mocks.ec2.calls()).toHaveLength(0);
  });

  it('ignores a Config evaluation of another resource type', async () => {
    // Arrange
    const event = configEvent();
    event.detail.resourceType = 'AWS::EC2::NetworkAcl';
    event.detail.resourceId = 'acl-0123456789abcdef0';

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]?.reason).toContain('reported a AWS::EC2::NetworkAcl, not a security group');
    expect(mocks.ec2.calls()).toHaveLength(0);
  });

  it('ignores a Security Hub finding without a security group resource', async () => {
    // Arrange
    const event = structuredClone(bucketFixture);

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'the finding has no AwsEc2SecurityGroup resource',
    });
    expect(mocks.ec2.calls()).toHaveLength(0);
  });
});

describe('confine-security-group: bad input', () => {
  type Mutation = (event: Record<string, unknown>) => void;
  const detailOf = (e: Record<string, unknown>) => e.detail as Record<string, unknown>;
  const setDetail =
    (field: string, value: unknown): Mutation =>
    (e) => {
      detailOf(e)[field] = value;
    };
  const hubResource = (e: Record<string, unknown>): Record<string, unknown> => {
    const findings = detailOf(e).findings as { Resources: Record<string, unknown>[] }[];
    return findings[0]?.Resources[0] ?? {};
  };

  it.each<[string, () => unknown, string]>([
    ['an empty object', () => ({}), 'detail-type'],
    ['null', () => null, '(event)'],
    [
      'a GuardDuty event',
      () => ({ ...configEvent(), source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding' }),
      'source / detail-type',
    ],
  ])('rejects %s before any AWS call', async (_case, make, path) => {
    // Act / Assert
    await expect(handler(make())).rejects.toMatchObject({
      name: 'InvalidEventError',
      message: expect.stringContaining(path),
    });
    expect(sentActions(mocks)).toEqual([]);
  });

  it.each<[string, 'config' | 'hub', Mutation, string]>([
    [
      'a missing resource id',
      'config',
      (e) => {
        delete detailOf(e).resourceId;
      },
      'detail.resourceId',
    ],
    ['a numeric resource id', 'config', setDetail('resourceId', 42), 'detail.resourceId'],
    [
      'an over-long resource id',
      'config',
      setDetail('resourceId', `sg-${'a'.repeat(800)}`),
      'detail.resourceId',
    ],
    [
      'a shell-like group id',
      'config',
      setDetail('resourceId', 'sg-$(reboot)'),
      'detail.resourceId',
    ],
    [
      'a group id of the wrong length',
      'config',
      setDetail('resourceId', 'sg-0a1b2c'),
      'detail.resourceId',
    ],
    [
      'a missing account',
      'config',
      (e) => {
        delete detailOf(e).awsAccountId;
      },
      'detail.awsAccountId',
    ],
    [
      'a resource Id that is neither ARN nor has Details',
      'hub',
      (e) => {
        const r = hubResource(e);
        r.Id = 'web-bastion';
        delete r.Details;
      },
      'detail.findings[0].Resources[0].Id',
    ],
    [
      'a shell-like group id in the ARN',
      'hub',
      (e) => {
        hubResource(e).Id = 'arn:aws:ec2:eu-west-1:222222222222:security-group/sg-`id`';
      },
      'detail.findings[0].Resources[0].Id',
    ],
    [
      'an ARN of another account',
      'hub',
      (e) => {
        hubResource(e).Id = `arn:aws:ec2:eu-west-1:333333333333:security-group/${GROUP}`;
      },
      'detail.findings[0].Resources[0].Id',
    ],
    [
      'Details naming another group',
      'hub',
      (e) => {
        hubResource(e).Details = { AwsEc2SecurityGroup: { GroupId: 'sg-0fedcba9876543210' } };
      },
      'detail.findings[0].Resources[0].Id',
    ],
    [
      'a numeric GroupId in Details',
      'hub',
      (e) => {
        hubResource(e).Details = { AwsEc2SecurityGroup: { GroupId: 7 } };
      },
      'detail.findings[0].Resources[0].Details.AwsEc2SecurityGroup.GroupId',
    ],
    [
      'a finding without AwsAccountId',
      'hub',
      (e) => {
        delete (detailOf(e).findings as Record<string, unknown>[])[0]?.AwsAccountId;
      },
      'detail.findings[0].AwsAccountId',
    ],
  ])('rejects %s, naming the field, before any AWS call', async (_case, kind, mutate, path) => {
    // Arrange
    const event = (kind === 'config' ? configEvent() : hubEvent()) as unknown as Record<
      string,
      unknown
    >;
    mutate(event);

    // Act / Assert
    await expect(handler(event)).rejects.toMatchObject({
      name: 'InvalidEventError',
      message: expect.stringContaining(`${path}:`),
    });
    expect(sentActions(mocks)).toEqual([]);
  });

  it('rejects the whole event when its second finding is bad, before any AWS call', async () => {
    // Arrange
    const event = hubEvent();
    const bad = structuredClone(event.detail.findings[0]);
    if (bad?.Resources[0])
      bad.Resources[0].Id = 'arn:aws:ec2:eu-west-1:222222222222:security-group/sg-;rm';
    if (bad) event.detail.findings.push(bad);

    // Act / Assert
    await expect(handler(event)).rejects.toMatchObject({
      name: 'InvalidEventError',
      message: expect.stringContaining('detail.findings[1].Resources[0].Id:'),
    });
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('confine-security-group: AWS errors', () => {
  it('fails with a clear reason when the group no longer exists', async () => {
    // Arrange
    answerGroup([]);
    mocks.ec2.on(DescribeSecurityGroupsCommand).rejects(awsError('InvalidGroup.NotFound'));

    // Act / Assert
    await expect(handler(configEvent())).rejects.toMatchObject({ name: 'ResponseFailedError' });
    expect(publishedOutcomes(mocks)[0]).toMatchObject({
      status: 'failed',
      reason: `security group ${GROUP} does not exist in account 222222222222 region eu-west-1 (deleted since the finding?); nothing to confine`,
    });
    expect(mutations()).toEqual([]);
  });

  it.each(['AccessDenied', 'ThrottlingException'])(
    'fails closed when the tags cannot be read (%s)',
    async (name) => {
      // Arrange
      answerGroup([OPEN_SSH]);
      mocks.ec2.on(DescribeSecurityGroupsCommand).rejects(awsError(name));

      // Act / Assert
      await expect(handler(configEvent())).rejects.toMatchObject({ name: 'ResponseFailedError' });
      expect(publishedOutcomes(mocks)[0]).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(
          new RegExp(
            `^cannot read the tags of ${GROUP}: ${name}: .*not acting, since an exception tag cannot be ruled out$`,
          ),
        ),
        steps: [],
      });
      expect(mutations()).toEqual([]);
    },
  );

  it('fails without change when the rules cannot be read', async () => {
    // Arrange
    answerGroup([OPEN_SSH]);
    mocks.ec2.on(DescribeSecurityGroupRulesCommand).rejects(awsError('ThrottlingException'));

    // Act / Assert
    await expect(handler(configEvent())).rejects.toMatchObject({ name: 'ResponseFailedError' });
    expect(publishedOutcomes(mocks)[0]?.reason).toMatch(
      /^cannot read the rules of sg-.*; not acting$/,
    );
    expect(mutations()).toEqual([]);
  });

  it('fails before any revoke when the replacement cannot be added', async () => {
    // Arrange
    answerGroup([OPEN_SSH]);
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(awsError('UnauthorizedOperation'));

    // Act / Assert
    await expect(handler(configEvent())).rejects.toMatchObject({
      name: 'ResponseFailedError',
      message: expect.stringContaining('UnauthorizedOperation'),
    });
    expect(revokeInputs()).toEqual([]);
    expect(publishedOutcomes(mocks)[0]?.steps).toEqual([
      {
        action: 'ec2:AuthorizeSecurityGroupIngress',
        target: GROUP,
        status: 'failed',
        detail: 'tcp 22 from 10.0.0.0/8',
      },
    ]);
  });

  it('keeps the added replacement in the steps when the revoke fails after retries', async () => {
    // Arrange
    answerGroup([OPEN_SSH]);
    mocks.ec2.on(RevokeSecurityGroupIngressCommand).rejects(awsError('RequestLimitExceeded'));

    // Act / Assert
    await expect(handler(configEvent())).rejects.toMatchObject({ name: 'ResponseFailedError' });
    expect(publishedOutcomes(mocks)[0]).toMatchObject({
      status: 'failed',
      steps: [
        { action: 'ec2:AuthorizeSecurityGroupIngress', status: 'done' },
        { action: 'ec2:RevokeSecurityGroupIngress', status: 'failed' },
      ],
    });
  });

  it('fails when EC2 answers the revoke with Return false', async () => {
    // Arrange
    answerGroup([OPEN_SSH]);
    mocks.ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: false });

    // Act / Assert
    await expect(handler(configEvent())).rejects.toMatchObject({
      message: expect.stringContaining(`EC2 did not revoke the open rules of ${GROUP}`),
    });
  });
});

describe('confine-security-group: several findings in several regions', () => {
  it('confines each group in its own account region', async () => {
    // Arrange
    const other = 'sg-0fedcba9876543210';
    const event = hubEvent();
    const second = structuredClone(event.detail.findings[0]);
    if (!second?.Resources[0]) throw new Error('fixture has no resource');
    second.Id = second.Id.replace('eu-west-1', 'us-east-1').replace(
      /[0-9a-f-]{36}$/,
      'a2b4c6d8-e0f1-4a3b-8c5d-7e9f0a1b2c3d',
    );
    second.Region = 'us-east-1';
    second.Resources[0].Region = 'us-east-1';
    second.Resources[0].Id = `arn:aws:ec2:us-east-1:222222222222:security-group/${other}`;
    second.Resources[0].Details.AwsEc2SecurityGroup.GroupId = other;
    event.detail.findings.push(second);
    answerGroup([OPEN_SSH], [], GROUP);
    answerGroup(
      [{ ...OPEN_SSH, SecurityGroupRuleId: 'sgr-0000000000000009b', GroupId: other }],
      [],
      other,
    );

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => [o.status, o.region, o.resource])).toEqual([
      ['contained', 'eu-west-1', GROUP],
      ['contained', 'us-east-1', other],
    ]);
    const revokes = mocks.ec2.commandCalls(RevokeSecurityGroupIngressCommand);
    const byRegion = await Promise.all(
      revokes.map(async (c) => [
        await c.thisValue.config.region(),
        (c.args[0].input as RevokeSecurityGroupIngressCommandInput).GroupId,
      ]),
    );
    expect(byRegion.sort()).toEqual([
      ['eu-west-1', GROUP],
      ['us-east-1', other],
    ]);
    expect(inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)).toHaveLength(2);
    expect(undeclaredActions(mocks, 'confine-security-group')).toEqual([]);
  });
});
