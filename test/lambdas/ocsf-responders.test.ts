/**
 * Responders answer the new Security Hub's OCSF findings through their own code: contain, exception
 * skip, dry-run, AWS error and bad input on the EC2 sample (test/fixtures/ocsf/SOURCES.md), the
 * outcome recorded back with BatchUpdateFindingsV2, a CSPM control answered by the configured
 * Config response, and the catch-all on GuardDuty findings no responder contains.
 */
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  ModifyNetworkInterfaceAttributeCommand,
  type ModifyNetworkInterfaceAttributeCommandInput,
  RevokeSecurityGroupIngressCommand,
  type RevokeSecurityGroupIngressCommandInput,
} from '@aws-sdk/client-ec2';
import { ArchiveFindingsCommand } from '@aws-sdk/client-guardduty';
import {
  BatchUpdateFindingsV2Command,
  type BatchUpdateFindingsV2CommandInput,
} from '@aws-sdk/client-securityhub';
import { handler as blockPrincipal } from '../../lambdas/block-principal';
import { handler as confineGroup } from '../../lambdas/confine-security-group';
import { handler as containLambda } from '../../lambdas/contain-lambda-function';
import { handler as escalate } from '../../lambdas/escalate-finding';
import { handler as isolateEc2 } from '../../lambdas/isolate-ec2';
import { handler as isolateEcsTask } from '../../lambdas/isolate-ecs-task';
import { handler as restoreBucket } from '../../lambdas/restore-bucket-public-access';
import { DEFAULT_CONFIG_RULES } from '../../lambdas/shared/defaults';
import { InvalidEventError, ResponseFailedError } from '../../lambdas/shared/errors';
import { OUTCOME_STATUSES } from '../../lambdas/shared/outcome';
import { handler as startAutomation } from '../../lambdas/start-ssm-automation';
import cspmFixture from '../fixtures/ocsf/cspm-cis-config-1.json';
import ec2Fixture from '../fixtures/ocsf/guardduty-ec2-runtime.json';
import suppressedFixture from '../fixtures/ocsf/guardduty-iam-suppressed.json';
import {
  awsError,
  createMocks,
  inputsOf,
  publishedOutcomes,
  resetAll,
  sentActions,
  undeclaredActions,
} from '../support/aws';
import { arrange, ENIS, GROUP_IDS, VPC_A, VPC_B } from './isolate-ec2/support';

const mocks = createMocks();

type Json = Record<string, unknown>;

/** A deep copy of a fixture whose first finding `change` edits. */
function clone<T>(fixture: T, change: (finding: Json) => void = () => {}): T {
  const copy = structuredClone(fixture) as T & { detail: { findings: Json[] } };
  change(copy.detail.findings[0] as Json);
  return copy;
}

const INSTANCE = 'i-0123456789abcdef0';
const GD_ARN = ec2Fixture.detail.findings[0]?.finding_info.uid as string;
const IDENTIFIER = {
  MetadataProductUid: 'arn:aws:securityhub:us-east-1::productv2/aws/guardduty',
  CloudAccountUid: '123456789012',
  FindingInfoUid: GD_ARN,
};
const ec2Event = () => clone(ec2Fixture);

describe('isolate-ec2: a GuardDuty finding from the new Security Hub (OCSF)', () => {
  beforeEach(() => {
    arrange(mocks, { live: { instanceId: INSTANCE } });
  });

  it('isolates the instance that resources[0] names, in the finding’s own account', async () => {
    // Act
    const { outcomes } = await isolateEc2(ec2Event());
    // Assert
    expect(inputsOf<DescribeInstancesCommandInput>(mocks.ec2, DescribeInstancesCommand)).toEqual([
      { InstanceIds: [INSTANCE] },
    ]);
    const moves = inputsOf<ModifyNetworkInterfaceAttributeCommandInput>(
      mocks.ec2,
      ModifyNetworkInterfaceAttributeCommand,
    );
    expect(moves.slice(-3)).toEqual([
      { NetworkInterfaceId: ENIS[0].id, Groups: [GROUP_IDS[VPC_A].quarantine] },
      { NetworkInterfaceId: ENIS[1].id, Groups: [GROUP_IDS[VPC_A].quarantine] },
      { NetworkInterfaceId: ENIS[2].id, Groups: [GROUP_IDS[VPC_B].quarantine] },
    ]);
    expect(outcomes).toEqual([
      expect.objectContaining({
        responder: 'isolate-ec2',
        status: 'contained',
        accountId: '123456789012',
        region: 'us-east-1',
        resource: INSTANCE,
        findingId: GD_ARN,
        findingType: 'Execution:Runtime/NewBinaryExecuted',
      }),
    ]);
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });

  it('archives the GuardDuty finding and resolves the OCSF finding with a comment', async () => {
    // Act
    await isolateEc2(ec2Event());
    // Assert
    expect(inputsOf(mocks.guardduty, ArchiveFindingsCommand)).toEqual([
      { DetectorId: 'admindetector0001', FindingIds: ['ffffffffffffffffffffffffffffffff'] },
    ]);
    expect(
      inputsOf<BatchUpdateFindingsV2CommandInput>(mocks.securityhub, BatchUpdateFindingsV2Command),
    ).toEqual([
      {
        FindingIdentifiers: [IDENTIFIER],
        Comment: expect.stringMatching(/^\[security-ir\] contained: isolated i-0123456789abcdef0/),
        StatusId: 4,
      },
    ]);
  });

  it('records a skip as a comment only, leaving the finding active, when the exception tag is on', async () => {
    // Arrange
    arrange(mocks, {
      live: { instanceId: INSTANCE, tags: [{ Key: 'SecurityException', Value: 'CHG-1234' }] },
    });
    // Act
    const { outcomes } = await isolateEc2(ec2Event());
    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'skipped', exception: { value: 'CHG-1234' } });
    expect(
      inputsOf<ModifyNetworkInterfaceAttributeCommandInput>(
        mocks.ec2,
        ModifyNetworkInterfaceAttributeCommand,
      ),
    ).toEqual([]);
    const [update] = inputsOf<BatchUpdateFindingsV2CommandInput>(
      mocks.securityhub,
      BatchUpdateFindingsV2Command,
    );
    expect(update).toEqual({
      FindingIdentifiers: [IDENTIFIER],
      Comment: expect.stringMatching(/^\[security-ir\] skipped: /),
    });
  });

  it('plans only in dry-run, and records nothing on the finding', async () => {
    // Arrange
    arrange(mocks, { env: { DRY_RUN: 'true' }, live: { instanceId: INSTANCE } });
    // Act
    const { outcomes } = await isolateEc2(ec2Event());
    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'dry-run', resource: INSTANCE });
    expect(
      inputsOf<ModifyNetworkInterfaceAttributeCommandInput>(
        mocks.ec2,
        ModifyNetworkInterfaceAttributeCommand,
      ),
    ).toEqual([]);
    expect(
      inputsOf<BatchUpdateFindingsV2CommandInput>(mocks.securityhub, BatchUpdateFindingsV2Command),
    ).toEqual([]);
  });

  it('fails the invocation when the instance cannot be read, and records nothing', async () => {
    // Arrange
    mocks.ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation'));
    // Act
    const attempt = isolateEc2(ec2Event());
    // Assert
    await expect(attempt).rejects.toThrow(ResponseFailedError);
    expect(publishedOutcomes(mocks)[0]).toMatchObject({ status: 'failed', resource: INSTANCE });
    expect(
      inputsOf<BatchUpdateFindingsV2CommandInput>(mocks.securityhub, BatchUpdateFindingsV2Command),
    ).toEqual([]);
  });

  it('rejects an instance ARN of another region before any AWS call, naming the OCSF field', async () => {
    // Arrange
    const event = clone(ec2Fixture, (f) => {
      ((f.resources as Json[])[0] as Json).uid_alt =
        `arn:aws:ec2:eu-west-1:123456789012:instance/${INSTANCE}`;
    });
    // Act
    const attempt = isolateEc2(event);
    // Assert
    await expect(attempt).rejects.toThrow(InvalidEventError);
    await expect(attempt).rejects.toThrow(/^detail\.findings\[0\]\.resources\[0\]\.uid_alt: /);
    expect(sentActions(mocks)).toEqual([]);
  });

  it('rejects a malformed instance id with the OCSF finding and the native field it was read as', async () => {
    const event = clone(ec2Fixture, (f) => {
      ((f.resources as Json[])[0] as Json).uid = 'i-$(reboot)';
    });
    const attempt = isolateEc2(event);
    await expect(attempt).rejects.toThrow(
      /^detail\.findings\[0\] \(OCSF, read as GuardDuty detail\.resource\.instanceDetails\.instanceId\): must be an EC2 instance id/,
    );
    expect(sentActions(mocks)).toEqual([]);
  });

  it.each([
    ['resolved', (f: Json) => (f.status_id = 4)],
    ['suppressed', (f: Json) => (f.status_id = 3)],
    ['closed', (f: Json) => (f.activity_id = 3)],
  ])('ignores a %s finding without any AWS call', async (word, change) => {
    const { outcomes } = await isolateEc2(clone(ec2Fixture, change));
    expect(outcomes[0]).toMatchObject({ status: 'ignored', reason: expect.stringContaining(word) });
    expect(sentActions(mocks).filter((a) => !a.startsWith('sns:'))).toEqual([]);
  });

  it('neither answers nor notifies the update its own record caused', async () => {
    // Arrange: what Security Hub sends after BatchUpdateFindingsV2 wrote our comment
    const update = clone(ec2Fixture, (f) => {
      f.activity_id = 2;
      f.comment = '[security-ir] contained: isolated i-0123456789abcdef0';
    });
    // Act
    const { outcomes } = await isolateEc2(update);
    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: expect.stringMatching(/already answered/),
    });
    expect(sentActions(mocks)).toEqual([]);
  });

  it('answers an OCSF finding without uid_alt, status_id or count (the id from the finding ARN)', async () => {
    // Arrange: the optional fields a producer may leave out
    const sparse = clone(ec2Fixture, (f) => {
      delete (f.finding_info as Json).uid_alt;
      delete f.status_id;
      delete f.count;
      delete f.comment;
      delete ((f.resources as Json[])[0] as Json).data;
    });
    // Act
    const { outcomes } = await isolateEc2(sparse);
    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained', resource: INSTANCE });
    expect(inputsOf(mocks.guardduty, ArchiveFindingsCommand)).toEqual([
      { DetectorId: 'admindetector0001', FindingIds: ['ffffffffffffffffffffffffffffffff'] },
    ]);
  });

  it('ignores, naming the reason, an OCSF GuardDuty finding that lists no resource', async () => {
    const bare = clone(ec2Fixture, (f) => {
      delete f.resources;
    });
    const { outcomes } = await isolateEc2(bare);
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: expect.stringContaining('not an EC2 instance'),
    });
    expect(sentActions(mocks).filter((a) => !a.startsWith('sns:'))).toEqual([]);
  });

  it('answers two findings of one event that name the same instance once, recording on both', async () => {
    // Arrange: AWS sends one finding per event; a replayed or batched event may hold more
    const event = clone(ec2Fixture);
    const second = structuredClone(event.detail.findings[0]) as unknown as Json;
    (second.finding_info as Json).uid =
      'arn:aws:guardduty:us-east-1:123456789012:detector/00000000000000000000000000000000/finding/eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
    (second.finding_info as Json).uid_alt = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
    (event.detail.findings as unknown as Json[]).push(second);
    // Act
    const { outcomes } = await isolateEc2(event);
    // Assert
    expect(outcomes.map((o) => o.status)).toEqual(['contained', 'contained']);
    expect(
      inputsOf<DescribeInstancesCommandInput>(mocks.ec2, DescribeInstancesCommand),
    ).toHaveLength(1);
    expect(
      inputsOf<BatchUpdateFindingsV2CommandInput>(
        mocks.securityhub,
        BatchUpdateFindingsV2Command,
      ).map((u) => u.FindingIdentifiers?.[0]?.FindingInfoUid),
    ).toEqual([GD_ARN, (second.finding_info as Json).uid]);
  });
});

describe('confine-security-group: a failed CSPM control (OCSF) answers like its Config rule', () => {
  const GROUP = 'sg-0a1b2c3d4e5f60718';
  const CONFIG_RULES = JSON.stringify(
    Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
  );
  const controlEvent = (control: string) =>
    clone(cspmFixture, (f) => {
      (f.compliance as Json).control = control;
      (f.resources as Json[])[0] = {
        ...((f.resources as Json[])[0] as Json),
        type: 'AWS::EC2::SecurityGroup',
        uid: `arn:aws:ec2:us-east-1:123456789012:security-group/${GROUP}`,
      };
    });

  beforeEach(() => {
    resetAll(mocks, { CONFIG_RULES });
    mocks.ec2.onAnyCommand().resolves({});
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: GROUP, VpcId: 'vpc-0c1d2e3f4a5b6c7d8', Tags: [] }],
    });
    mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: 'sgr-0000000000000001a',
          GroupId: GROUP,
          IsEgress: false,
          IpProtocol: 'tcp',
          FromPort: 3389,
          ToPort: 3389,
          CidrIpv4: '0.0.0.0/0',
        },
      ],
    });
  });

  it('confines the group of EC2.19 (restricted-common-ports) and resolves the OCSF finding', async () => {
    // Act
    const { outcomes } = await confineGroup(controlEvent('EC2.19'));
    // Assert
    expect(
      inputsOf<RevokeSecurityGroupIngressCommandInput>(
        mocks.ec2,
        RevokeSecurityGroupIngressCommand,
      ),
    ).toEqual([{ GroupId: GROUP, SecurityGroupRuleIds: ['sgr-0000000000000001a'] }]);
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      resource: GROUP,
      findingType: 'EC2.19',
    });
    expect(
      inputsOf<BatchUpdateFindingsV2CommandInput>(mocks.securityhub, BatchUpdateFindingsV2Command),
    ).toEqual([
      expect.objectContaining({
        FindingIdentifiers: [
          {
            MetadataProductUid: 'arn:aws:securityhub:us-east-1::productv2/aws/securityhub',
            CloudAccountUid: '123456789012',
            FindingInfoUid: cspmFixture.detail.findings[0]?.finding_info.uid,
          },
        ],
        StatusId: 4,
      }),
    ]);
    expect(undeclaredActions(mocks, 'confine-security-group')).toEqual([]);
  });

  it('says which responder answers a control whose rule is not its own (S3.2)', async () => {
    const { outcomes } = await confineGroup(controlEvent('S3.2'));
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'Config rule s3-bucket-public-read-prohibited is answered by start-ssm-automation',
    });
    expect(
      inputsOf<RevokeSecurityGroupIngressCommandInput>(
        mocks.ec2,
        RevokeSecurityGroupIngressCommand,
      ),
    ).toEqual([]);
  });

  it('ignores the CIS sample (Config.1, no known rule) without touching the account', async () => {
    const { outcomes } = await confineGroup(clone(cspmFixture));
    expect(outcomes[0]).toMatchObject({
      status: 'ignored',
      reason: 'no Config rule is known for Security Hub control Config.1',
    });
    expect(sentActions(mocks).filter((a) => a.startsWith('ec2:') || a.startsWith('sts:'))).toEqual(
      [],
    );
  });
});

describe('escalate-finding: GuardDuty findings from the new Security Hub (OCSF)', () => {
  beforeEach(() => {
    resetAll(mocks);
  });

  it('escalates a finding no responder contains (an RDS login) with a high-priority alert', async () => {
    // Arrange
    const event = clone(ec2Fixture, (f) => {
      (f.finding_info as Json).types = ['CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin'];
      f.resources = [
        {
          type: 'AWS::RDS::DBInstance',
          uid: 'database-1',
          uid_alt: 'arn:aws:rds:us-east-1:123456789012:db:database-1',
        },
      ];
    });
    // Act
    const { outcomes } = await escalate(event);
    // Assert
    expect(outcomes[0]).toMatchObject({
      responder: 'escalate-finding',
      status: 'escalated',
      findingType: 'CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin',
    });
    expect(publishedOutcomes(mocks)).toHaveLength(1);
  });

  it('stays quiet on a finding isolate-ec2 contains (it reports on it)', async () => {
    const { outcomes } = await escalate(ec2Event());
    expect(outcomes[0]?.status).toBe('ignored');
    expect(publishedOutcomes(mocks)).toEqual([]);
  });
});

describe('every OCSF fixture through every responder', () => {
  const HANDLERS = {
    'isolate-ec2': isolateEc2,
    'block-principal': blockPrincipal,
    'confine-security-group': confineGroup,
    'start-ssm-automation': startAutomation,
    'contain-lambda-function': containLambda,
    'restore-bucket-public-access': restoreBucket,
    'isolate-ecs-task': isolateEcsTask,
    'escalate-finding': escalate,
  } as const;
  const FIXTURES = {
    'guardduty-ec2-runtime': ec2Fixture,
    'guardduty-iam-suppressed': suppressedFixture,
    'cspm-cis-config-1': cspmFixture,
  } as const;
  const STATUSES = new Set(OUTCOME_STATUSES);

  it('ends each finding in a named outcome, or rejects the event naming the field', async () => {
    const unnamed: string[] = [];
    const seen = new Set<string>();
    let runs = 0;
    for (const [responder, handler] of Object.entries(HANDLERS)) {
      for (const [name, fixture] of Object.entries(FIXTURES)) {
        arrange(mocks, { live: { instanceId: INSTANCE } });
        runs += 1;
        try {
          const { outcomes } = await handler(clone(fixture));
          for (const o of outcomes) {
            seen.add(o.status);
            if (!STATUSES.has(o.status) || o.reason.length === 0) {
              unnamed.push(`${responder} on ${name}: ${JSON.stringify(o)}`);
            }
          }
        } catch (error) {
          const known = error instanceof InvalidEventError || error instanceof ResponseFailedError;
          if (!known) unnamed.push(`${responder} on ${name}: ${String(error)}`);
          seen.add((error as Error).name);
        }
      }
    }
    expect(unnamed).toEqual([]);
    expect(runs).toBe(24);
    // The EC2 sample is contained, the suppressed one and the CIS control ignored.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['contained', 'ignored']));
  });
});
