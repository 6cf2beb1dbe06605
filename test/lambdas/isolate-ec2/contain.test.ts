import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { handler } from '../../../lambdas/isolate-ec2';
import { createMocks, undeclaredActions } from '../../support/aws';
import {
  ALL_V4,
  ALL_V6,
  arrange,
  awsError,
  cleanGroup,
  ENIS,
  FINDING_ID,
  GROUP_IDS,
  guardDutyEvent,
  INSTANCE,
  instanceReply,
  mutatingCalls,
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

describe('isolate-ec2: 3-interface instance across two VPCs, first time in the VPCs', () => {
  it('creates a quarantine and a passthrough group in each VPC, tagged with their purpose', async () => {
    // Act
    await handler(guardDutyEvent());
    // Assert
    const created = sent(mocks.ec2, CreateSecurityGroupCommand);
    expect(created).toHaveLength(4);
    expect(created).toEqual(
      [VPC_A, VPC_B].flatMap((vpc) =>
        ['quarantine', 'passthrough'].map((kind) => ({
          GroupName: `security-ir-${kind}`,
          Description: expect.stringMatching(/^Security IR /),
          VpcId: vpc,
          TagSpecifications: [
            { ResourceType: 'security-group', Tags: [{ Key: 'security-ir:purpose', Value: kind }] },
          ],
        })),
      ),
    );
  });

  it('removes all egress of the quarantine groups and opens the passthrough groups both ways', async () => {
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, RevokeSecurityGroupEgressCommand)).toEqual([
      { GroupId: Q_A, IpPermissions: [ALL_V4] },
      { GroupId: Q_A, IpPermissions: [ALL_V6] },
      { GroupId: Q_B, IpPermissions: [ALL_V4] },
      { GroupId: Q_B, IpPermissions: [ALL_V6] },
    ]);
    expect(sent(mocks.ec2, AuthorizeSecurityGroupIngressCommand)).toEqual([
      { GroupId: P_A, IpPermissions: [ALL_V4] },
      { GroupId: P_A, IpPermissions: [ALL_V6] },
      { GroupId: P_B, IpPermissions: [ALL_V4] },
      { GroupId: P_B, IpPermissions: [ALL_V6] },
    ]);
    expect(sent(mocks.ec2, AuthorizeSecurityGroupEgressCommand)).toEqual([
      { GroupId: P_A, IpPermissions: [ALL_V6] },
      { GroupId: P_B, IpPermissions: [ALL_V6] },
    ]);
    expect(sent(mocks.ec2, RevokeSecurityGroupIngressCommand)).toEqual([]);
  });

  it('moves every interface to its passthrough group before any to quarantine', async () => {
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toEqual([
      { NetworkInterfaceId: ENI_1.id, Groups: [P_A] },
      { NetworkInterfaceId: ENI_2.id, Groups: [P_A] },
      { NetworkInterfaceId: ENI_3.id, Groups: [P_B] },
      { NetworkInterfaceId: ENI_1.id, Groups: [Q_A] },
      { NetworkInterfaceId: ENI_2.id, Groups: [Q_A] },
      { NetworkInterfaceId: ENI_3.id, Groups: [Q_B] },
    ]);
  });

  it('snapshots the volumes and turns termination protection on', async () => {
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, CreateSnapshotsCommand)).toEqual([
      {
        InstanceSpecification: { InstanceId: INSTANCE, ExcludeBootVolume: false },
        Description: `security-ir evidence of ${INSTANCE}`,
        CopyTagsFromSource: 'volume',
        TagSpecifications: [
          {
            ResourceType: 'snapshot',
            Tags: [{ Key: 'security-ir:finding-id', Value: FINDING_ID }],
          },
        ],
      },
    ]);
    expect(sent(mocks.ec2, ModifyInstanceAttributeCommand)).toEqual([
      { InstanceId: INSTANCE, DisableApiTermination: { Value: true } },
    ]);
  });

  it('tags the instance with the time, the finding and the original groups of each interface', async () => {
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, CreateTagsCommand)).toEqual([
      {
        Resources: [INSTANCE],
        Tags: [
          {
            Key: 'security-ir:isolated',
            Value: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
          },
          { Key: 'security-ir:finding-id', Value: FINDING_ID },
          {
            Key: 'security-ir:original-groups',
            Value: JSON.stringify({
              [ENI_1.id]: ENI_1.groups,
              [ENI_2.id]: ENI_2.groups,
              [ENI_3.id]: ENI_3.groups,
            }),
          },
        ],
      },
    ]);
  });

  it('reports contained with every step in order and calls nothing undeclared', async () => {
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      resource: INSTANCE,
      accountId: '222222222222',
      region: 'us-east-1',
      mode: 'contain',
      reason: expect.stringContaining(`isolated ${INSTANCE}: 3 of its 3 network interface(s)`),
    });
    expect(stepsOf(outcomes[0])).toEqual([
      'done ec2:CreateSecurityGroup security-ir-quarantine in vpc-0a0000000000000a0',
      'done ec2:CreateSecurityGroup security-ir-passthrough in vpc-0a0000000000000a0',
      'done ec2:CreateSecurityGroup security-ir-quarantine in vpc-0b0000000000000b0',
      'done ec2:CreateSecurityGroup security-ir-passthrough in vpc-0b0000000000000b0',
      `done ec2:RevokeSecurityGroupEgress ${Q_A}`,
      `done ec2:RevokeSecurityGroupEgress ${Q_A}`,
      `done ec2:AuthorizeSecurityGroupIngress ${P_A}`,
      `done ec2:AuthorizeSecurityGroupIngress ${P_A}`,
      `done ec2:AuthorizeSecurityGroupEgress ${P_A}`,
      `done ec2:RevokeSecurityGroupEgress ${Q_B}`,
      `done ec2:RevokeSecurityGroupEgress ${Q_B}`,
      `done ec2:AuthorizeSecurityGroupIngress ${P_B}`,
      `done ec2:AuthorizeSecurityGroupIngress ${P_B}`,
      `done ec2:AuthorizeSecurityGroupEgress ${P_B}`,
      `done ec2:ModifyNetworkInterfaceAttribute ${ENI_1.id} (${ENI_1.groups.join(', ')} -> ${P_A})`,
      `done ec2:ModifyNetworkInterfaceAttribute ${ENI_2.id} (${ENI_2.groups[0]} -> ${P_A})`,
      `done ec2:ModifyNetworkInterfaceAttribute ${ENI_3.id} (${ENI_3.groups[0]} -> ${P_B})`,
      `done ec2:CreateSnapshots ${INSTANCE}`,
      `done ec2:ModifyInstanceAttribute ${INSTANCE}`,
      `done ec2:ModifyNetworkInterfaceAttribute ${ENI_1.id} (${ENI_1.groups.join(', ')} -> ${Q_A})`,
      `done ec2:ModifyNetworkInterfaceAttribute ${ENI_2.id} (${ENI_2.groups[0]} -> ${Q_A})`,
      `done ec2:ModifyNetworkInterfaceAttribute ${ENI_3.id} (${ENI_3.groups[0]} -> ${Q_B})`,
      `done ec2:CreateTags ${INSTANCE}`,
      `done guardduty:ArchiveFindings ${FINDING_ID}`,
      expect.stringMatching(/^done securityhub:BatchUpdateFindings arn:aws:guardduty:/),
      expect.stringMatching(/^done securityhub:BatchUpdateFindingsV2 arn:aws:guardduty:/),
    ]);
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });
});

describe('isolate-ec2: critical path', () => {
  it('reads the instance and looks up the groups of the VPCs the finding names at the same time', async () => {
    // Arrange
    const trips = arrange(mocks);
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(trips.calls.filter((c) => c.depth === 1).map((c) => c.action)).toEqual([
      'lookup',
      'describe',
    ]);
    expect(sent(mocks.ec2, DescribeSecurityGroupsCommand)).toEqual([
      {
        Filters: [
          { Name: 'vpc-id', Values: [VPC_A, VPC_B] },
          { Name: 'group-name', Values: ['security-ir-quarantine', 'security-ir-passthrough'] },
        ],
      },
    ]);
  });

  it('takes 5 sequential EC2 round trips on a cold container (after AssumeRole)', async () => {
    // Arrange
    const trips = arrange(mocks);
    // Act
    await handler(guardDutyEvent());
    // Assert: describe || lookup -> create -> rules -> passthrough -> quarantine
    expect(trips.depth).toBe(5);
  });

  it('takes 3 sequential EC2 round trips on a warm container', async () => {
    // Arrange: a first finding fills the cache
    const trips = arrange(mocks);
    await handler(guardDutyEvent());
    trips.restart();
    // Act
    await handler(guardDutyEvent());
    // Assert: describe -> passthrough -> quarantine
    expect(trips.depth).toBe(3);
    expect(trips.calls.filter((c) => c.action === 'lookup')).toEqual([]);
  });

  it('moves to quarantine without waiting for the snapshots, and tags only after them', async () => {
    // Arrange
    const trips = arrange(mocks, { groups: 'clean' });
    mocks.ec2.on(CreateSnapshotsCommand).callsFake(trips.wrap('snapshots', () => ({}), 100));
    mocks.ec2.on(ModifyNetworkInterfaceAttributeCommand).callsFake(trips.wrap('move', () => ({})));
    mocks.ec2.on(CreateTagsCommand).callsFake(trips.wrap('tags', () => ({})));
    // Act
    await handler(guardDutyEvent());
    // Assert
    const toQuarantine = trips.calls.filter((c) => c.action === 'move' && c.depth === 3);
    const tags = trips.calls.filter((c) => c.action === 'tags');
    expect(toQuarantine).toHaveLength(3);
    for (const move of toQuarantine) expect(move.pendingAtStart).toContain('snapshots');
    expect(tags).toHaveLength(1);
    expect(tags[0]?.pendingAtStart).not.toContain('snapshots');
  });
});

describe('isolate-ec2: resource prefix', () => {
  it('names and finds the groups with the configured prefix', async () => {
    // Arrange
    arrange(mocks, { env: { RESOURCE_PREFIX: 'acme-ir' } });
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(sent(mocks.ec2, DescribeSecurityGroupsCommand)[0]?.Filters?.[1]).toEqual({
      Name: 'group-name',
      Values: ['acme-ir-quarantine', 'acme-ir-passthrough'],
    });
    expect(sent(mocks.ec2, CreateSecurityGroupCommand).map((i) => i.GroupName)).toEqual([
      'acme-ir-quarantine',
      'acme-ir-passthrough',
      'acme-ir-quarantine',
      'acme-ir-passthrough',
    ]);
  });
});

describe('isolate-ec2: groups found again', () => {
  it('uses the groups found in each VPC and creates none', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean' });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(sent(mocks.ec2, CreateSecurityGroupCommand)).toEqual([]);
    expect(mutatingCalls(mocks)).not.toContain('ec2:RevokeSecurityGroupEgress');
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand).map((i) => i.Groups)).toEqual([
      [P_A],
      [P_A],
      [P_B],
      [Q_A],
      [Q_A],
      [Q_B],
    ]);
  });

  it('removes every rule found on a quarantine group, and adds what a passthrough group lacks', async () => {
    // Arrange: a run stopped before revoking egress; someone added SSH; a passthrough lacks ::/0 out
    const ssh = {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '10.0.0.0/8' }],
    };
    const passthroughB = { ...cleanGroup(VPC_B, 'passthrough'), IpPermissionsEgress: [ALL_V4] };
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        { ...cleanGroup(VPC_A, 'quarantine'), IpPermissions: [ssh], IpPermissionsEgress: [ALL_V4] },
        cleanGroup(VPC_A, 'passthrough'),
        cleanGroup(VPC_B, 'quarantine'),
        passthroughB,
      ],
    });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(sent(mocks.ec2, RevokeSecurityGroupIngressCommand)).toEqual([
      { GroupId: Q_A, IpPermissions: [ssh] },
    ]);
    expect(sent(mocks.ec2, RevokeSecurityGroupEgressCommand)).toEqual([
      { GroupId: Q_A, IpPermissions: [ALL_V4] },
    ]);
    expect(sent(mocks.ec2, AuthorizeSecurityGroupEgressCommand)).toEqual([
      { GroupId: P_B, IpPermissions: [ALL_V6] },
    ]);
    expect(sent(mocks.ec2, AuthorizeSecurityGroupIngressCommand)).toEqual([]);
    expect(undeclaredActions(mocks, 'isolate-ec2')).toEqual([]);
  });

  it('looks up a VPC the finding did not name once the instance has been read', async () => {
    // Arrange: the finding names only VPC A; the live read shows VPC B too
    arrange(mocks, { groups: 'clean' });
    const event = guardDutyEvent();
    event.detail.resource.instanceDetails.networkInterfaces.splice(2, 1);
    // Act
    await handler(event);
    // Assert
    expect(sent(mocks.ec2, DescribeSecurityGroupsCommand).map((i) => i.Filters?.[0])).toEqual([
      { Name: 'vpc-id', Values: [VPC_A] },
      { Name: 'vpc-id', Values: [VPC_B] },
    ]);
  });
});

describe('isolate-ec2: warm container', () => {
  it('reuses the groups of a VPC for a later finding without looking them up', async () => {
    // Arrange
    await handler(guardDutyEvent());
    mocks.ec2.resetHistory();
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(sent(mocks.ec2, DescribeSecurityGroupsCommand)).toEqual([]);
    expect(sent(mocks.ec2, CreateSecurityGroupCommand)).toEqual([]);
    expect(sent(mocks.ec2, DescribeInstancesCommand)).toHaveLength(1);
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toHaveLength(6);
  });

  it('keeps the groups of one account apart from another account with the same VPC id', async () => {
    // Arrange
    await handler(guardDutyEvent());
    mocks.ec2.resetHistory();
    const other = guardDutyEvent();
    other.detail.accountId = '444444444444';
    // Act
    await handler(other);
    // Assert
    expect(sent(mocks.ec2, DescribeSecurityGroupsCommand)).toHaveLength(1);
  });
});

describe('isolate-ec2: two findings in the same VPCs at once', () => {
  it('creates each group once and moves both instances into it', async () => {
    // Arrange: a custom action on two instances of the same account, region and VPC
    const other = 'i-0e5d4c3b2a1f09876';
    const otherEni = 'eni-0a00000000000a009';
    mocks.ec2.on(DescribeInstancesCommand, { InstanceIds: [other] }).resolves(
      instanceReply({
        instanceId: other,
        enis: [{ id: otherEni, vpc: VPC_A, groups: ['sg-0a00000000000a109'] }],
      }),
    );
    const event = securityHubEvent();
    const second = event.detail.findings[1];
    if (!second) throw new Error('fixture has two findings');
    second.AwsAccountId = '222222222222';
    second.Region = 'us-east-1';
    second.Resources = [
      {
        ...second.Resources[0],
        Id: `arn:aws:ec2:us-east-1:222222222222:instance/${other}`,
        Region: 'us-east-1',
      } as (typeof second.Resources)[number],
    ];
    // Act
    const { outcomes } = await handler(event);
    // Assert
    expect(outcomes.map((o) => o.status)).toEqual(['contained', 'contained']);
    expect(sent(mocks.ec2, CreateSecurityGroupCommand)).toHaveLength(4);
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toContainEqual({
      NetworkInterfaceId: otherEni,
      Groups: [Q_A],
    });
  });
});

describe('isolate-ec2: a group created by a concurrent run', () => {
  it('uses the group that already exists and brings its rules in line', async () => {
    // Arrange: CreateSecurityGroup races with another container in VPC A
    const duplicate = awsError('InvalidGroup.Duplicate', 'The security group already exists');
    mocks.ec2
      .on(CreateSecurityGroupCommand, { VpcId: VPC_A, GroupName: 'security-ir-quarantine' })
      .rejects(duplicate);
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [] })
      .resolves({
        SecurityGroups: [{ ...cleanGroup(VPC_A, 'quarantine'), IpPermissionsEgress: [ALL_V4] }],
      });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(sent(mocks.ec2, DescribeSecurityGroupsCommand)[1]).toEqual({
      Filters: [
        { Name: 'vpc-id', Values: [VPC_A] },
        { Name: 'group-name', Values: ['security-ir-quarantine'] },
      ],
    });
    expect(sent(mocks.ec2, RevokeSecurityGroupEgressCommand)).toContainEqual({
      GroupId: Q_A,
      IpPermissions: [ALL_V4],
    });
    expect(stepsOf(outcomes[0]).filter((s) => s.startsWith('failed'))).toEqual([]);
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)[3]).toEqual({
      NetworkInterfaceId: ENI_1.id,
      Groups: [Q_A],
    });
  });
});

describe('isolate-ec2: VPC without IPv6', () => {
  it('treats an absent ::/0 egress rule and an existing one as already in place', async () => {
    // Arrange
    const notFound = awsError('InvalidPermission.NotFound', 'rule not found');
    const exists = awsError('InvalidPermission.Duplicate', 'rule exists');
    mocks.ec2.on(RevokeSecurityGroupEgressCommand, { IpPermissions: [ALL_V6] }).rejects(notFound);
    mocks.ec2.on(AuthorizeSecurityGroupEgressCommand).rejects(exists);
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    const groupSteps = stepsOf(outcomes[0]).filter((s) => /SecurityGroup(Egress|Ingress)/.test(s));
    expect(groupSteps).toEqual([
      `done ec2:RevokeSecurityGroupEgress ${Q_A}`,
      `done ec2:AuthorizeSecurityGroupIngress ${P_A}`,
      `done ec2:AuthorizeSecurityGroupIngress ${P_A}`,
      `done ec2:RevokeSecurityGroupEgress ${Q_B}`,
      `done ec2:AuthorizeSecurityGroupIngress ${P_B}`,
      `done ec2:AuthorizeSecurityGroupIngress ${P_B}`,
    ]);
  });
});

describe('isolate-ec2: evidence', () => {
  it('takes no snapshot and leaves termination protection alone when evidence is off', async () => {
    // Arrange
    arrange(mocks, { env: { PRESERVE_EVIDENCE: 'false' }, groups: 'clean' });
    // Act
    const { outcomes } = await handler(guardDutyEvent());
    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      reason: expect.stringContaining('evidence preservation is off'),
    });
    expect(mutatingCalls(mocks)).not.toContain('ec2:CreateSnapshots');
    expect(mutatingCalls(mocks)).not.toContain('ec2:ModifyInstanceAttribute');
    expect(sent(mocks.ec2, ModifyNetworkInterfaceAttributeCommand)).toHaveLength(6);
    expect(sent(mocks.ec2, CreateTagsCommand)).toHaveLength(1);
  });

  it('turns termination protection on but takes no snapshot of an instance without EBS volumes', async () => {
    // Arrange
    arrange(mocks, { groups: 'clean', live: { volumes: false } });
    // Act
    await handler(guardDutyEvent());
    // Assert
    expect(mutatingCalls(mocks)).not.toContain('ec2:CreateSnapshots');
    expect(sent(mocks.ec2, ModifyInstanceAttributeCommand)).toHaveLength(1);
  });
});
