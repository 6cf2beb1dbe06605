import { StatefulEc2 } from './stateful-ec2';

const VPC = 'vpc-0a0000000000000a0';
const ENI = 'eni-0a00000000000a001';
const INSTANCE = 'i-0a1b2c3d4e5f60789';

function arranged(): { ec2: StatefulEc2; call: (action: string, input: unknown) => unknown } {
  const ec2 = new StatefulEc2();
  ec2.addInstance(INSTANCE, [{ id: ENI, vpcId: VPC }]);
  const answers = ec2.answers();
  const call = (action: string, input: unknown) => {
    const answer = answers[action];
    if (!answer) throw new Error(`no answer for ${action}`);
    return answer(input);
  };
  return { ec2, call };
}

describe('stateful EC2: isolation groups and moves', () => {
  it('creates a group with the default egress rule and refuses a duplicate name', () => {
    // Arrange
    const { call } = arranged();

    // Act
    const created = call('ec2:CreateSecurityGroup', {
      GroupName: 'security-ir-quarantine',
      VpcId: VPC,
    });
    const found = call('ec2:DescribeSecurityGroups', {
      Filters: [
        { Name: 'vpc-id', Values: [VPC] },
        { Name: 'group-name', Values: ['security-ir-quarantine'] },
      ],
    }) as { SecurityGroups: { GroupId: string; IpPermissionsEgress: unknown[] }[] };

    // Assert
    expect(found.SecurityGroups).toEqual([
      expect.objectContaining({
        GroupId: (created as { GroupId: string }).GroupId,
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    ]);
    expect(() =>
      call('ec2:CreateSecurityGroup', { GroupName: 'security-ir-quarantine', VpcId: VPC }),
    ).toThrow(expect.objectContaining({ name: 'InvalidGroup.Duplicate' }));
  });

  it('answers a revoke of an absent rule with InvalidPermission.NotFound', () => {
    // Arrange
    const { call } = arranged();
    const { GroupId } = call('ec2:CreateSecurityGroup', {
      GroupName: 'security-ir-quarantine',
      VpcId: VPC,
    }) as { GroupId: string };

    // Act
    const revoke = () =>
      call('ec2:RevokeSecurityGroupEgress', {
        GroupId,
        IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
      });

    // Assert
    expect(revoke).toThrow(expect.objectContaining({ name: 'InvalidPermission.NotFound' }));
  });

  it('sees an instance as isolated only in a rule-less quarantine group', () => {
    // Arrange
    const { ec2, call } = arranged();
    ec2.addIsolationGroups(VPC);
    const groups = call('ec2:DescribeSecurityGroups', {
      Filters: [
        { Name: 'vpc-id', Values: [VPC] },
        { Name: 'group-name', Values: ['security-ir-quarantine', 'security-ir-passthrough'] },
      ],
    }) as { SecurityGroups: { GroupId: string; GroupName: string }[] };
    const id = (name: string) => groups.SecurityGroups.find((g) => g.GroupName === name)?.GroupId;

    // Act
    const before = ec2.isIsolated(INSTANCE);
    call('ec2:ModifyNetworkInterfaceAttribute', {
      NetworkInterfaceId: ENI,
      Groups: [id('security-ir-passthrough')],
    });
    const inPassthrough = ec2.inPassthrough(INSTANCE);
    call('ec2:ModifyNetworkInterfaceAttribute', {
      NetworkInterfaceId: ENI,
      Groups: [id('security-ir-quarantine')],
    });

    // Assert
    expect([before, inPassthrough]).toEqual([false, true]);
    expect(ec2.isIsolated(INSTANCE)).toBe(true);
    expect(ec2.inPassthrough(INSTANCE)).toBe(false);
  });

  it('refuses a move to a group that does not exist', () => {
    // Arrange
    const { call } = arranged();

    // Act
    const move = () =>
      call('ec2:ModifyNetworkInterfaceAttribute', {
        NetworkInterfaceId: ENI,
        Groups: ['sg-0missing'],
      });

    // Assert
    expect(move).toThrow(expect.objectContaining({ name: 'InvalidGroup.NotFound' }));
  });

  it('records snapshots, termination protection and tags on the instance', () => {
    // Arrange
    const { ec2, call } = arranged();

    // Act
    call('ec2:CreateSnapshots', { InstanceSpecification: { InstanceId: INSTANCE } });
    call('ec2:ModifyInstanceAttribute', {
      InstanceId: INSTANCE,
      DisableApiTermination: { Value: true },
    });
    call('ec2:CreateTags', {
      Resources: [INSTANCE],
      Tags: [{ Key: 'security-ir:isolated', Value: 'now' }],
    });

    // Assert
    const instance = ec2.instances.get(INSTANCE);
    expect(instance?.snapshots).toBe(1);
    expect(instance?.terminationProtected).toBe(true);
    expect(instance?.tags.get('security-ir:isolated')).toBe('now');
  });
});
