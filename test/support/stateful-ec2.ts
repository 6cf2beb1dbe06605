/**
 * A stateful EC2 of member accounts, for the isolation tests and benchmarks: instances with their network
 * interfaces, isolation groups created and changed by the responder, interfaces moved between
 * groups. A re-delivered finding therefore sees what the earlier delivery left, and the end state
 * tells whether an instance is really isolated. Ids are unique across accounts and regions, so
 * the state needs no account key.
 */
import type {
  CreateSecurityGroupCommandInput,
  CreateTagsCommandInput,
  DescribeInstancesCommandInput,
  DescribeSecurityGroupsCommandInput,
  IpPermission,
  ModifyNetworkInterfaceAttributeCommandInput,
  RevokeSecurityGroupEgressCommandInput,
  SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { Answers } from './answers';
import { awsError } from './aws';

/** A network interface: its VPC and the groups it is in now. */
export interface FakeInterface {
  readonly id: string;
  readonly vpcId: string;
  groups: string[];
}

/** An instance and what the responder did to it. */
export interface FakeInstance {
  readonly id: string;
  readonly interfaces: FakeInterface[];
  readonly tags: Map<string, string>;
  snapshots: number;
  terminationProtected: boolean;
}

interface FakeGroup {
  readonly id: string;
  readonly name: string;
  readonly vpcId: string;
  ingress: IpPermission[];
  egress: IpPermission[];
}

const ALL_V4: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
const ALL_V6: IpPermission = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };

const ruleKey = (p: IpPermission) =>
  `${p.IpProtocol}|${p.FromPort ?? ''}|${p.ToPort ?? ''}|${p.IpRanges?.[0]?.CidrIp ?? ''}|${p.Ipv6Ranges?.[0]?.CidrIpv6 ?? ''}`;

/** The EC2 state of every member account of a test or benchmark. */
export class StatefulEc2 {
  readonly instances = new Map<string, FakeInstance>();
  private readonly groups = new Map<string, FakeGroup>();
  private readonly byName = new Map<string, FakeGroup>();
  private readonly interfaces = new Map<string, FakeInterface>();
  /** Every VPC seen; each has its `default` group, as every VPC does. */
  private readonly vpcs = new Set<string>();
  private nextGroup = 1;

  /** Adds a VPC with no instance in it. */
  addVpc(vpcId: string): void {
    this.vpcs.add(vpcId);
  }

  /** The group of that name in the VPC, as EC2 would describe it. */
  group(name: string, vpcId: string): SecurityGroup | undefined {
    const g = this.groupNamed(name, vpcId);
    return g && describe(g);
  }

  /**
   * Adds a running instance with an EBS volume and one interface per entry of `interfaces`, each
   * in a group of its own (the groups a rollback puts it back in).
   */
  addInstance(id: string, interfaces: readonly { id: string; vpcId: string }[]): void {
    const enis = interfaces.map((n) => ({
      ...n,
      groups: [this.createGroup(`app-${n.id}`, n.vpcId).id],
    }));
    for (const n of enis) this.interfaces.set(n.id, n);
    this.instances.set(id, {
      id,
      interfaces: enis,
      tags: new Map([['Name', 'web-01']]),
      snapshots: 0,
      terminationProtected: false,
    });
  }

  /** Adds both isolation groups of a VPC with the rules they should have (an earlier run made them). */
  addIsolationGroups(vpcId: string, prefix = 'security-ir'): void {
    this.createGroup(`${prefix}-quarantine`, vpcId).egress = [];
    const passthrough = this.createGroup(`${prefix}-passthrough`, vpcId);
    passthrough.ingress = [ALL_V4, ALL_V6];
    passthrough.egress = [ALL_V4, ALL_V6];
  }

  /** Whether every interface of the instance is only in its VPC's rule-less quarantine group. */
  isIsolated(instanceId: string, prefix = 'security-ir'): boolean {
    const instance = this.instances.get(instanceId);
    if (!instance) return false;
    return instance.interfaces.every((n) => {
      const group = this.groupNamed(`${prefix}-quarantine`, n.vpcId);
      return (
        group !== undefined &&
        n.groups.length === 1 &&
        n.groups[0] === group.id &&
        group.ingress.length === 0 &&
        group.egress.length === 0
      );
    });
  }

  /** Whether any interface of the instance sits in a passthrough group (all traffic allowed). */
  inPassthrough(instanceId: string, prefix = 'security-ir'): boolean {
    const instance = this.instances.get(instanceId);
    return (instance?.interfaces ?? []).some((n) =>
      n.groups.includes(this.groupNamed(`${prefix}-passthrough`, n.vpcId)?.id ?? '-'),
    );
  }

  /** The answers of EC2 to the isolate-ec2 responder. */
  answers(): Answers {
    const ok = () => ({ Return: true });
    return {
      'ec2:DescribeInstances': (input) =>
        this.describeInstances(input as DescribeInstancesCommandInput),
      'ec2:DescribeSecurityGroups': (input) =>
        this.describeGroups(input as DescribeSecurityGroupsCommandInput),
      'ec2:CreateSecurityGroup': (input) => {
        const { GroupName, VpcId } = input as CreateSecurityGroupCommandInput;
        if (this.groupNamed(GroupName ?? '', VpcId ?? '')) throw awsError('InvalidGroup.Duplicate');
        return { GroupId: this.createGroup(GroupName ?? '', VpcId ?? '').id };
      },
      'ec2:AuthorizeSecurityGroupIngress': (input) => this.changeRules(input, 'ingress', 'add'),
      'ec2:AuthorizeSecurityGroupEgress': (input) => this.changeRules(input, 'egress', 'add'),
      'ec2:RevokeSecurityGroupIngress': (input) => this.changeRules(input, 'ingress', 'remove'),
      'ec2:RevokeSecurityGroupEgress': (input) => this.changeRules(input, 'egress', 'remove'),
      'ec2:ModifyNetworkInterfaceAttribute': (input) => {
        const { NetworkInterfaceId, Groups } = input as ModifyNetworkInterfaceAttributeCommandInput;
        const eni = this.interfaces.get(NetworkInterfaceId ?? '');
        if (!eni) throw awsError('InvalidNetworkInterfaceID.NotFound');
        if ((Groups ?? []).some((g) => !this.groups.has(g)))
          throw awsError('InvalidGroup.NotFound');
        eni.groups = [...(Groups ?? [])];
        return {};
      },
      'ec2:CreateSnapshots': (input) => {
        const id = (input as { InstanceSpecification?: { InstanceId?: string } })
          .InstanceSpecification?.InstanceId;
        const instance = this.instances.get(id ?? '');
        if (instance) instance.snapshots += 1;
        return { Snapshots: [{ SnapshotId: 'snap-0a1b2c3d4e5f60001' }] };
      },
      'ec2:ModifyInstanceAttribute': (input) => {
        const instance = this.instances.get((input as { InstanceId?: string }).InstanceId ?? '');
        if (instance) instance.terminationProtected = true;
        return {};
      },
      'ec2:CreateTags': (input) => {
        const { Resources, Tags } = input as CreateTagsCommandInput;
        for (const id of Resources ?? []) {
          const instance = this.instances.get(id);
          for (const t of Tags ?? []) instance?.tags.set(t.Key ?? '', t.Value ?? '');
        }
        return ok();
      },
    };
  }

  private createGroup(name: string, vpcId: string): FakeGroup {
    const id = `sg-0${(this.nextGroup++).toString(16).padStart(16, '0')}`;
    // A new group has one egress rule, all traffic to 0.0.0.0/0 (the VPCs here have no IPv6).
    const group: FakeGroup = { id, name, vpcId, ingress: [], egress: [ALL_V4] };
    this.vpcs.add(vpcId);
    this.groups.set(id, group);
    this.byName.set(`${vpcId}/${name}`, group);
    return group;
  }

  private groupNamed(name: string, vpcId: string): FakeGroup | undefined {
    return this.byName.get(`${vpcId}/${name}`);
  }

  private describeInstances(input: DescribeInstancesCommandInput) {
    const instance = this.instances.get(input.InstanceIds?.[0] ?? '');
    if (!instance) throw awsError('InvalidInstanceID.NotFound');
    return {
      Reservations: [
        {
          Instances: [
            {
              InstanceId: instance.id,
              State: { Name: 'running', Code: 16 },
              VpcId: instance.interfaces[0]?.vpcId,
              Tags: [...instance.tags].map(([Key, Value]) => ({ Key, Value })),
              NetworkInterfaces: instance.interfaces.map((n) => ({
                NetworkInterfaceId: n.id,
                VpcId: n.vpcId,
                Groups: n.groups.map((GroupId) => ({ GroupId })),
              })),
              BlockDeviceMappings: [
                { DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0a1b2c3d4e5f60001' } },
              ],
            },
          ],
        },
      ],
    };
  }

  private describeGroups(input: DescribeSecurityGroupsCommandInput): {
    SecurityGroups: SecurityGroup[];
  } {
    const values = (name: string) => input.Filters?.find((f) => f.Name === name)?.Values ?? [];
    // Without a vpc-id filter, every VPC (as `security-ir prepare` lists them).
    const vpcs = input.Filters?.some((f) => f.Name === 'vpc-id')
      ? values('vpc-id')
      : [...this.vpcs].sort();
    const names = values('group-name');
    const found = vpcs.flatMap((vpc) =>
      names.flatMap((name): FakeGroup[] => {
        if (name === 'default' && this.vpcs.has(vpc))
          return [{ id: `sg-${vpc.slice(4)}`, name, vpcId: vpc, ingress: [], egress: [ALL_V4] }];
        const g = this.groupNamed(name, vpc);
        return g ? [g] : [];
      }),
    );
    return { SecurityGroups: found.map(describe) };
  }

  private changeRules(input: unknown, direction: 'ingress' | 'egress', change: 'add' | 'remove') {
    const { GroupId, IpPermissions } = input as RevokeSecurityGroupEgressCommandInput;
    const group = this.groups.get(GroupId ?? '');
    if (!group) throw awsError('InvalidGroup.NotFound');
    for (const p of IpPermissions ?? []) {
      const present = group[direction].some((r) => ruleKey(r) === ruleKey(p));
      if (change === 'add') {
        if (present) throw awsError('InvalidPermission.Duplicate');
        group[direction] = [...group[direction], p];
      } else {
        if (!present) throw awsError('InvalidPermission.NotFound');
        group[direction] = group[direction].filter((r) => ruleKey(r) !== ruleKey(p));
      }
    }
    return { Return: true };
  }
}

function describe(g: FakeGroup): SecurityGroup {
  return {
    GroupId: g.id,
    GroupName: g.name,
    VpcId: g.vpcId,
    IpPermissions: g.ingress,
    IpPermissionsEgress: g.egress,
  };
}
