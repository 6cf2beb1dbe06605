/**
 * Shared arrangement of the isolate-ec2 tests: the fixtures, the live instance EC2 returns, the
 * isolation groups, and a tracker that counts sequential round trips to EC2.
 */
import {
  CreateSecurityGroupCommand,
  type CreateSecurityGroupCommandInput,
  DescribeInstancesCommand,
  type DescribeInstancesCommandOutput,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandOutput,
  type EC2Client,
  type IpPermission,
  type SecurityGroup,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { resetIsolationGroups } from '../../../lambdas/isolate-ec2/groups';
import type { Outcome } from '../../../lambdas/shared/outcome';
import guardDutyFixture from '../../fixtures/guardduty/ec2-backdoor.json';
import securityHubFixture from '../../fixtures/securityhub/ec2-isolate-action.json';
import { type Mocks, resetAll, sentActions } from '../../support/aws';

export const ACCOUNT = '222222222222';
export const INSTANCE = 'i-0a1b2c3d4e5f60789';
export const FINDING_ID = 'a2c6f1e0b7d94e3f8c5a1b2d3e4f5a6b';
export const VPC_A = 'vpc-0a0000000000000a0';
export const VPC_B = 'vpc-0b0000000000000b0';

/** The instance's three interfaces: two in VPC A, one in VPC B, with their own groups. */
export const ENIS = [
  {
    id: 'eni-0a00000000000a001',
    vpc: VPC_A,
    groups: ['sg-0a00000000000a101', 'sg-0a00000000000a102'],
  },
  { id: 'eni-0a00000000000a002', vpc: VPC_A, groups: ['sg-0a00000000000a103'] },
  { id: 'eni-0b00000000000b001', vpc: VPC_B, groups: ['sg-0b00000000000b101'] },
] as const;

/** Ids the isolation groups get, created or found. */
export const GROUP_IDS = {
  [VPC_A]: { quarantine: 'sg-0a000000000000fa1', passthrough: 'sg-0a000000000000ea1' },
  [VPC_B]: { quarantine: 'sg-0b000000000000fb1', passthrough: 'sg-0b000000000000eb1' },
} as const;

type Kind = 'quarantine' | 'passthrough';
type Vpc = typeof VPC_A | typeof VPC_B;

export const ALL_V4: IpPermission = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
export const ALL_V6: IpPermission = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] };

/** A fresh copy of the GuardDuty finding event (3 interfaces, 2 VPCs). */
export function guardDutyEvent(): typeof guardDutyFixture {
  return structuredClone(guardDutyFixture);
}

/** A fresh copy of the Security Hub custom action (two findings, two accounts and regions). */
export function securityHubEvent(): typeof securityHubFixture {
  return structuredClone(securityHubFixture);
}

/** What DescribeInstances returns for the instance. */
export interface LiveSpec {
  readonly instanceId?: string;
  readonly tags?: Tag[];
  readonly enis?: readonly { id: string; vpc: string; groups: readonly string[] }[];
  readonly state?: string;
  readonly volumes?: boolean;
}

/** A DescribeInstances reply in the SDK's shape. */
export function instanceReply(spec: LiveSpec = {}): DescribeInstancesCommandOutput {
  const enis = spec.enis ?? ENIS;
  return {
    $metadata: {},
    Reservations: [
      {
        Instances: [
          {
            InstanceId: spec.instanceId ?? INSTANCE,
            State: { Name: (spec.state ?? 'running') as 'running', Code: 16 },
            VpcId: enis[0]?.vpc,
            Tags: spec.tags ?? [{ Key: 'Name', Value: 'web-01' }],
            NetworkInterfaces: enis.map((e, i) => ({
              NetworkInterfaceId: e.id,
              VpcId: e.vpc,
              Attachment: { DeviceIndex: i },
              Groups: e.groups.map((g) => ({ GroupId: g, GroupName: `name-of-${g}` })),
            })),
            BlockDeviceMappings:
              spec.volumes === false
                ? []
                : [{ DeviceName: '/dev/xvda', Ebs: { VolumeId: 'vol-0a1b2c3d4e5f60001' } }],
          },
        ],
      },
    ],
  };
}

/** An isolation group as DescribeSecurityGroups returns it, with the rules it should have. */
export function cleanGroup(vpc: Vpc, kind: Kind): SecurityGroup {
  const rules = kind === 'passthrough' ? [ALL_V4, ALL_V6] : [];
  return {
    GroupId: GROUP_IDS[vpc][kind],
    GroupName: `security-ir-${kind}`,
    VpcId: vpc,
    OwnerId: ACCOUNT,
    IpPermissions: rules,
    IpPermissionsEgress: rules,
    Tags: [{ Key: 'security-ir:purpose', Value: kind }],
  };
}

/** Every isolation group of both VPCs, as they should be. */
export function allCleanGroups(): SecurityGroup[] {
  return ([VPC_A, VPC_B] as const).flatMap((v) => [
    cleanGroup(v, 'quarantine'),
    cleanGroup(v, 'passthrough'),
  ]);
}

/**
 * Counts sequential round trips: each answered call waits a timer tick, and its depth is one more
 * than the deepest call that had completed when it started. Calls sent together share a depth.
 */
export class RoundTrips {
  readonly calls: { action: string; depth: number; done: boolean; pendingAtStart: string[] }[] = [];
  private completed = 0;

  /** Wraps an answer so that the call is counted. */
  wrap<I, O>(
    action: string,
    answer: (input: I) => O | Promise<O>,
    ms = 1,
  ): (input: I) => Promise<O> {
    return async (input: I) => {
      const pendingAtStart = this.calls.filter((c) => !c.done).map((c) => c.action);
      const entry = { action, depth: this.completed + 1, done: false, pendingAtStart };
      this.calls.push(entry);
      await new Promise((r) => setTimeout(r, ms));
      try {
        return await answer(input);
      } finally {
        entry.done = true;
        this.completed = Math.max(this.completed, entry.depth);
      }
    };
  }

  /** Forgets the calls so far, so the next invocation is counted from zero. */
  restart(): void {
    this.calls.length = 0;
    this.completed = 0;
  }

  /** The length of the longest chain of calls that waited on each other. */
  get depth(): number {
    return Math.max(0, ...this.calls.map((c) => c.depth));
  }
}

/** How the arranged EC2 answers the groups lookup. */
export type GroupsArrangement = 'none' | 'clean';

/**
 * Resets every mock and cache and answers EC2 as a healthy member account: the instance of
 * {@link ENIS}, groups missing (`none`) or found clean, created groups with {@link GROUP_IDS},
 * every other call a success. Returns the round-trip tracker of the EC2 calls.
 */
export function arrange(
  mocks: Mocks,
  options: { env?: Record<string, string>; groups?: GroupsArrangement; live?: LiveSpec } = {},
): RoundTrips {
  resetAll(mocks, options.env);
  resetIsolationGroups();
  const trips = new RoundTrips();
  const ec2 = mocks.ec2 as AwsClientStub<EC2Client>;
  ec2.onAnyCommand().callsFake(trips.wrap('other', () => ({})));
  ec2
    .on(DescribeInstancesCommand)
    .callsFake(trips.wrap('describe', () => instanceReply(options.live)));
  const groups = options.groups === 'clean' ? allCleanGroups() : [];
  ec2
    .on(DescribeSecurityGroupsCommand)
    .callsFake(
      trips.wrap(
        'lookup',
        (): DescribeSecurityGroupsCommandOutput => ({ $metadata: {}, SecurityGroups: groups }),
      ),
    );
  ec2.on(CreateSecurityGroupCommand).callsFake(
    trips.wrap('create', (input: CreateSecurityGroupCommandInput) => {
      const kind: Kind = input.GroupName?.endsWith('-quarantine') ? 'quarantine' : 'passthrough';
      return { GroupId: GROUP_IDS[input.VpcId as Vpc][kind] };
    }),
  );
  return trips;
}

/**
 * The inputs a mock received for one command. Like `inputsOf` of test/support/aws.ts, typed for
 * commands whose input is optional (`DescribeSecurityGroupsCommand`, `Revoke...`).
 */
export function sent<I>(
  mock: { commandCalls(command: never): { args: [{ input: unknown }] }[] },
  Command: new (...args: never[]) => { readonly input: I },
): I[] {
  return mock.commandCalls(Command as never).map((c) => c.args[0].input as I);
}

/** EC2 calls that change something (anything but Describe*), as IAM actions. */
export function mutatingCalls(mocks: Mocks): string[] {
  return sentActions(mocks).filter((a) => a.startsWith('ec2:') && !a.startsWith('ec2:Describe'));
}

/** Actions and targets of an outcome's steps, for compact assertions. */
export function stepsOf(outcome: Outcome | undefined): string[] {
  return (outcome?.steps ?? []).map((s) => `${s.status} ${s.action} ${s.target}`);
}

export { awsError, publishedOutcomes } from '../../support/aws';
