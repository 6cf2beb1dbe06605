import {
  CreateSecurityGroupCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { ArchiveFindingsCommand } from '@aws-sdk/client-guardduty';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler } from '../../../lambdas/isolate-ec2';
import { createMocks, sentActions, undeclaredActions } from '../../support/aws';
import {
  arrange,
  awsError,
  ENIS,
  GROUP_IDS,
  guardDutyEvent,
  INSTANCE,
  instanceReply,
  mutatingCalls,
  publishedOutcomes,
  securityHubEvent,
  sent,
  stepsOf,
  VPC_A,
  VPC_B,
} from './support';

const mocks = createMocks();

// Every test starts from a healthy account; a test that needs another arrangement calls it again.
beforeEach(() => {
  arrange(mocks);
});

const Q_A = GROUP_IDS[VPC_A].quarantine;
const P_A = GROUP_IDS[VPC_A].passthrough;
const Q_B = GROUP_IDS[VPC_B].quarantine;
const P_B = GROUP_IDS[VPC_B].passthrough;
const [ENI_1, ENI_2, ENI_3] = ENIS;

/** Runs the handler, expects it to reject with ResponseFailedError, and returns the outcome. */
async function failedOutcome(event: unknown) {
  await expect(handler(event)).rejects.toMatchObject({ name: 'ResponseFailedError' });
  const outcome = publishedOutcomes(mocks).at(-1);
  expect(outcome?.status).toBe('failed');
  return outcome;
}

/** An answer that throws `error` the first time and returns `value` after. */
function failOnce<T>(error: Error, value: T): () => T {
  let failed = false;
  return () => {
    if (failed) return value;
    failed = true;
    throw error;
  };
}

describe('isolate-ec2: member account unreachable', () => {
  it('fails with the role and account named, before any EC2 call', async () => {
    // Arrange
    mocks.sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'not authorized'));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(outcome?.reason).toMatch(
      /^cannot assume arn:aws:iam::222222222222:role\/Security-IR-Role in account 222222222222: AccessDenied: not authorized;/,
    );
    expect(sentActions(mocks).filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });
});

describe('isolate-ec2: instance cannot be found', () => {
  it('fails with a clear reason when EC2 does not know the instance', async () => {
    // Arrange
    mocks.ec2
      .on(DescribeInstancesCommand)
      .rejects(
        awsError('InvalidInstanceID.NotFound', `The instance ID '${INSTANCE}' does not exist`),
      );
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(outcome?.reason).toMatch(/^instance i-0a1b2c3d4e5f60789 was not found in the finding's/);
    expect(mutatingCalls(mocks)).toEqual([]);
    expect(sent(mocks.guardduty, ArchiveFindingsCommand)).toEqual([]);
  });

  it('fails the same way when the reply holds no instance', async () => {
    // Arrange
    mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(outcome?.reason).toContain('was not found');
    expect(mutatingCalls(mocks)).toEqual([]);
  });

  it('fails without a change when the instance is terminated', async () => {
    // Arrange
    mocks.ec2.on(DescribeInstancesCommand).resolves(instanceReply({ state: 'terminated' }));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(outcome?.reason).toBe(
      `instance ${INSTANCE} is terminated: there is nothing left to isolate`,
    );
    expect(mutatingCalls(mocks)).toEqual([]);
  });
});

describe('isolate-ec2: tags cannot be read', () => {
  it.each([
    ['AccessDenied', 'AccessDenied: not authorized to perform ec2:DescribeInstances'],
    ['ThrottlingException', 'ThrottlingException: Rate exceeded'],
  ])('fails closed on %s: no change, no archive', async (name, text) => {
    // Arrange
    mocks.ec2.on(DescribeInstancesCommand).rejects(awsError(name, text.slice(name.length + 2)));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(outcome?.reason).toBe(
      `cannot read the tags of ${INSTANCE}: ${text}; not acting, since an exception tag cannot be ruled out`,
    );
    expect(outcome?.steps).toEqual([]);
    expect(mutatingCalls(mocks)).toEqual([]);
    expect(sent(mocks.guardduty, ArchiveFindingsCommand)).toEqual([]);
    expect(sent(mocks.securityhub, BatchUpdateFindingsCommand)).toEqual([]);
  });
});

describe('isolate-ec2: groups cannot be prepared', () => {
  it('fails without a change when the groups cannot be looked up', async () => {
    // Arrange
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .rejects(awsError('UnauthorizedOperation', 'not allowed'));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(outcome?.reason).toBe(
      `cannot look up the isolation groups of ${VPC_A}, ${VPC_B}: UnauthorizedOperation: not allowed; nothing changed`,
    );
    expect(mutatingCalls(mocks)).toEqual([]);
  });

  it('moves no interface when a group cannot be created, and keeps the steps so far', async () => {
    // Arrange
    mocks.ec2
      .on(CreateSecurityGroupCommand, { VpcId: VPC_B, GroupName: 'security-ir-quarantine' })
      .rejects(awsError('SecurityGroupLimitExceeded', 'too many groups'));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(outcome?.reason).toBe(
      `could not prepare the isolation groups of ${INSTANCE}: SecurityGroupLimitExceeded: too many groups; nothing was moved`,
    );
    expect(
      stepsOf(outcome)
        .filter((s) => s.includes('CreateSecurityGroup'))
        .sort(),
    ).toEqual([
      `done ec2:CreateSecurityGroup security-ir-passthrough in ${VPC_A}`,
      `done ec2:CreateSecurityGroup security-ir-passthrough in ${VPC_B}`,
      `done ec2:CreateSecurityGroup security-ir-quarantine in ${VPC_A}`,
      `failed ec2:CreateSecurityGroup security-ir-quarantine in ${VPC_B}`,
    ]);
    expect(stepsOf(outcome)).toContain(`done ec2:RevokeSecurityGroupEgress ${Q_A}`);
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toEqual([]);
  });

  it('creates the failed group on the next finding and reuses the ones that were made', async () => {
    // Arrange
    mocks.ec2
      .on(CreateSecurityGroupCommand, { VpcId: VPC_B, GroupName: 'security-ir-quarantine' })
      .callsFake(failOnce(awsError('RequestLimitExceeded'), { GroupId: Q_B }));
    await expect(handler(guardDutyEvent())).rejects.toThrow();
    mocks.ec2.resetHistory();
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(sent(mocks.ec2, CreateSecurityGroupCommand)).toEqual([
      expect.objectContaining({ VpcId: VPC_B, GroupName: 'security-ir-quarantine' }),
    ]);
  });
});

describe('isolate-ec2: a move fails', () => {
  it('puts an interface whose quarantine move failed back in its own groups', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    mocks.ec2
      .on(ModifyNetworkInterfaceAttributeCommand, { NetworkInterfaceId: ENI_3.id, Groups: [Q_B] })
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toEqual([
      { NetworkInterfaceId: ENI_1.id, Groups: [P_A] },
      { NetworkInterfaceId: ENI_2.id, Groups: [P_A] },
      { NetworkInterfaceId: ENI_3.id, Groups: [P_B] },
      { NetworkInterfaceId: ENI_1.id, Groups: [Q_A] },
      { NetworkInterfaceId: ENI_2.id, Groups: [Q_A] },
      { NetworkInterfaceId: ENI_3.id, Groups: [Q_B] },
      { NetworkInterfaceId: ENI_3.id, Groups: ENI_3.groups },
    ]);
    expect(outcome?.reason).toBe(
      `isolation of ${INSTANCE} is incomplete (${ENI_1.id} quarantined, ${ENI_2.id} quarantined, ` +
        `${ENI_3.id} back in its own groups, not isolated); failed: ${ENI_3.id} to quarantine: ` +
        'ThrottlingException: Rate exceeded',
    );
    expect(stepsOf(outcome)).toContain(
      `failed ec2:ModifyNetworkInterfaceAttribute ${ENI_3.id} (${ENI_3.groups[0]} -> ${Q_B})`,
    );
    expect(stepsOf(outcome)).toContain(
      `done ec2:ModifyNetworkInterfaceAttribute ${ENI_3.id} (passthrough -> ${ENI_3.groups[0]})`,
    );
  });

  it('says so loudly when an interface is left in the passthrough group', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    mocks.ec2
      .on(ModifyNetworkInterfaceAttributeCommand, { NetworkInterfaceId: ENI_3.id })
      .resolvesOnce({})
      .rejects(awsError('AccessDenied'));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(outcome?.reason).toContain(`${ENI_3.id} LEFT IN PASSTHROUGH, all traffic allowed`);
  });

  it('still quarantines an interface whose passthrough move failed', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    mocks.ec2
      .on(ModifyNetworkInterfaceAttributeCommand, { NetworkInterfaceId: ENI_2.id, Groups: [P_A] })
      .rejects(awsError('AccessDenied', 'explicit deny'));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toContainEqual({
      NetworkInterfaceId: ENI_2.id,
      Groups: [Q_A],
    });
    expect(outcome?.reason).toContain(`${ENI_2.id} quarantined`);
    expect(outcome?.reason).toContain(
      `failed: ${ENI_2.id} to passthrough: AccessDenied: explicit deny`,
    );
  });

  it('looks the groups up again after a cached group turned out to be deleted', async () => {
    // Arrange: a warm container whose cached passthrough group of VPC A was deleted
    arrange(mocks, { groups: 'clean' });
    await handler(guardDutyEvent());
    mocks.ec2
      .on(ModifyNetworkInterfaceAttributeCommand, { Groups: [P_A] })
      .callsFake(failOnce(awsError('InvalidGroup.NotFound'), {}));
    await expect(handler(guardDutyEvent())).rejects.toThrow();
    mocks.ec2.resetHistory();
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, DescribeSecurityGroupsCommand)).toHaveLength(1);
  });
});

describe('isolate-ec2: evidence fails', () => {
  it('still isolates, leaves the completion tags unwritten and reports the failed snapshots', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    mocks.ec2.on(CreateSnapshotsCommand).rejects(awsError('SnapshotCreationPerVolumeRateExceeded'));
    // Act
    const outcome = await failedOutcome(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toHaveLength(6);
    expect(sent(mocks.ec2, CreateTagsCommand)).toHaveLength(0);
    expect(outcome?.reason).toMatch(
      /\(eni-0a00000000000a001 quarantined, .*\); failed: snapshots: SnapshotCreationPerVolumeRateExceeded.*; tags: .*not written: the evidence is incomplete/,
    );
    expect(sent(mocks.guardduty, ArchiveFindingsCommand)).toEqual([]);
  });
});

describe('isolate-ec2: Security Hub custom action with findings in two regions', () => {
  const US = 'i-0a1b2c3d4e5f60789';
  const EU = 'i-0e5d4c3b2a1f09876';

  it('isolates each instance through a client of its own account and region', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    mocks.ec2.on(DescribeInstancesCommand, { InstanceIds: [EU] }).resolves(
      instanceReply({
        instanceId: EU,
        enis: [{ id: 'eni-0e00000000000e001', vpc: VPC_B, groups: ['sg-0e0000000000000e1'] }],
      }),
    );
    // Act
    const { outcomes } = await handler(securityHubEvent());
    // Assert
    expect(outcomes.map((o) => [o.resource, o.accountId, o.region, o.status])).toEqual([
      [US, '222222222222', 'us-east-1', 'contained'],
      [EU, '333333333333', 'eu-west-1', 'contained'],
    ]);
    const regions = await Promise.all(
      mocks.ec2
        .commandCalls(DescribeInstancesCommand)
        .map((c) => (c.thisValue as EC2Client).config.region()),
    );
    expect(regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(sent(mocks.securityhub, BatchUpdateFindingsCommand)).toHaveLength(2);
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });

  it('contains one finding when the other fails, then rejects with ResponseFailedError', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    mocks.ec2.on(DescribeInstancesCommand, { InstanceIds: [EU] }).rejects(awsError('AccessDenied'));
    // Act
    await expect(handler(securityHubEvent())).rejects.toMatchObject({
      name: 'ResponseFailedError',
      failures: [{ resource: EU, reason: expect.stringContaining('cannot read the tags') }],
    });
    // Assert
    const published = publishedOutcomes(mocks).map((o) => [o.resource, o.status]);
    expect(published).toEqual([
      [US, 'contained'],
      [EU, 'failed'],
    ]);
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toHaveLength(6);
    expect(sent(mocks.securityhub, BatchUpdateFindingsCommand)).toEqual([
      expect.objectContaining({ Workflow: { Status: 'RESOLVED' } }),
    ]);
  });
});
