/**
 * Property-based fuzzing of every handler over mutated real-shaped events (the fixtures of
 * test/fixtures: GuardDuty, Security Hub CSPM (ASFF), new Security Hub (OCSF) and Config events,
 * samples included). Each case applies
 * one to four mutations: deleted fields, huge strings and keys, wrong types, other regions,
 * accounts and partitions, foreign ARNs, sample flags, `__proto__` keys, duplicated findings.
 * Every AWS client is mocked (aws-sdk-client-mock); member accounts answer as healthy ones.
 *
 * For every case:
 * 1. the handler settles, or throws InvalidEventError or ResponseFailedError;
 * 2. no AWS call is made before an InvalidEventError;
 * 3. error messages and alerts are bounded (no copy of input longer than 256 characters);
 * 4. no mutating call goes to an account, region or partition the finding does not name.
 */
import {
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  DescribeSecurityGroupRulesCommand,
  type DescribeSecurityGroupRulesCommandInput,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandInput,
  DescribeSnapshotsCommand,
} from '@aws-sdk/client-ec2';
import { GetRoleCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { GetBucketTaggingCommand } from '@aws-sdk/client-s3';
import { PublishCommand, type PublishCommandInput } from '@aws-sdk/client-sns';
import { StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import fc from 'fast-check';
import { handler as blockPrincipal } from '../../lambdas/block-principal';
import { handler as confineGroup } from '../../lambdas/confine-security-group';
import { handler as containLambda } from '../../lambdas/contain-lambda-function';
import { handler as escalate } from '../../lambdas/escalate-finding';
import { handler as isolateEc2 } from '../../lambdas/isolate-ec2';
import { resetIsolationGroups } from '../../lambdas/isolate-ec2/groups';
import { handler as isolateEcsTask } from '../../lambdas/isolate-ecs-task';
import { handler as makeRdsSnapshotPrivate } from '../../lambdas/make-rds-snapshot-private';
import { handler as makeSnapshotPrivate } from '../../lambdas/make-snapshot-private';
import { RESPONDER_NAMES } from '../../lambdas/registry/responders';
import { handler as restoreBucket } from '../../lambdas/restore-bucket-public-access';
import { MAX_COPIED } from '../../lambdas/shared/bounded';
import { allMutatingActions } from '../../lambdas/shared/catalogue';
import { DEFAULT_CONFIG_RULES } from '../../lambdas/shared/defaults';
import { arnParts } from '../../lambdas/shared/finding-region';
import * as memberClients from '../../lambdas/shared/member-clients';
import { handler as startAutomation } from '../../lambdas/start-ssm-automation';
import configSnapshots from '../fixtures/config/ebs-snapshot-public.json';
import encryptedVolumes from '../fixtures/config/encrypted-volumes.json';
import configRdsSnapshot from '../fixtures/config/rds-snapshot-public.json';
import configBucket from '../fixtures/config/s3-public-read.json';
import configGroup from '../fixtures/config/sg-restricted-ssh.json';
import gdAttackSequence from '../fixtures/guardduty/attack-sequence-s3.json';
import gdEc2 from '../fixtures/guardduty/ec2-backdoor.json';
import gdNoEni from '../fixtures/guardduty/ec2-no-interface-ids.json';
import gdEcsEc2 from '../fixtures/guardduty/ecs-ec2-runtime.json';
import gdEcsFargate from '../fixtures/guardduty/ecs-fargate-runtime.json';
import gdEks from '../fixtures/guardduty/eks-anonymous-access.json';
import gdRole from '../fixtures/guardduty/iam-role-credential-exfiltration.json';
import gdRoot from '../fixtures/guardduty/iam-root-credential-usage.json';
import gdUser from '../fixtures/guardduty/iam-user-malicious-ip.json';
import gdLambda from '../fixtures/guardduty/lambda-c2-activity.json';
import gdRds from '../fixtures/guardduty/rds-successful-brute-force.json';
import gdBucketBpa from '../fixtures/guardduty/s3-block-public-access-disabled.json';
import gdSampleEc2 from '../fixtures/guardduty/sample-ec2-spambot.json';
import gdSampleEcs from '../fixtures/guardduty/sample-ecs-runtime.json';
import gdSampleIam from '../fixtures/guardduty/sample-iam-user-value-string.json';
import ocsfControl from '../fixtures/ocsf/cspm-cis-config-1.json';
import ocsfEc2 from '../fixtures/ocsf/guardduty-ec2-runtime.json';
import ocsfIam from '../fixtures/ocsf/guardduty-iam-suppressed.json';
import hubSnapshots from '../fixtures/securityhub/ec2-1-public-snapshots.json';
import hubIsolate from '../fixtures/securityhub/ec2-isolate-action.json';
import hubEcsTask from '../fixtures/securityhub/ecs-task-action.json';
import hubSample from '../fixtures/securityhub/guardduty-sample-copy.json';
import hubKeys from '../fixtures/securityhub/iam-access-keys.json';
import hubUser from '../fixtures/securityhub/iam-user.json';
import hubRdsSnapshot from '../fixtures/securityhub/rds-1-public-snapshot.json';
import hubEncryption from '../fixtures/securityhub/s3-encryption.json';
import hubBucket from '../fixtures/securityhub/s3-public-read.json';
import hubGroup from '../fixtures/securityhub/sg-open-ssh.json';
import { answerSnapshot, rds } from '../lambdas/make-rds-snapshot-private/support';
import { createMocks, inputsOf, type Mocks, resetAll } from '../support/aws';

const mocks = createMocks();
const MARKER = '\u2603';
const HUGE = MARKER.repeat(5000);
const RUNS_PER_HANDLER = 150;

// The snapshot responders answer opt-in rules (no default): the fuzzed configuration adds them.
const CONFIG_RULES = JSON.stringify({
  ...Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
  'ebs-snapshot-public-restorable-check': { responder: 'make-snapshot-private' },
  'rds-snapshots-public-prohibited': { responder: 'make-rds-snapshot-private' },
});
const MUTATING = new Set(allMutatingActions().map((m) => m.action));
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

type Json = unknown;
type Handler = (event: unknown) => Promise<{ outcomes: unknown[] }>;

// ---- OCSF seeds: the public samples, and clones with one resource or control changed -------------

type Finding = Record<string, Json>;

/** A copy of an OCSF fixture whose finding `change` edits. */
function ocsf(fixture: Json, change: (f: Finding) => void = () => {}): Json {
  const event = structuredClone(fixture) as { detail: { findings: Finding[] } };
  change(event.detail.findings[0] as Finding);
  return event;
}

/** The EC2 sample with its resource replaced (types as AWS documents them for OCSF resources). */
const ocsfOn = (type: string, gdType: string, resource: Record<string, Json>) =>
  ocsf(ocsfEc2, (f) => {
    (f.finding_info as Finding).types = ['Threats', gdType];
    f.resources = [{ type, region: 'us-east-1', ...resource }];
  });

/** The CIS sample as a failed control of the product's table, on the given resource. */
const ocsfControlOn = (control: string, type: string, uid: string) =>
  ocsf(ocsfControl, (f) => {
    (f.compliance as Finding).control = control;
    f.resources = [{ ...((f.resources as Finding[])[0] as Finding), type, uid }];
  });

const OCSF_IAM_ACTIVE = ocsf(ocsfIam, (f) => {
  f.status_id = 1;
  (f.finding_info as Finding).types = ['UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom'];
});
const OCSF_LAMBDA = ocsfOn('AWS::Lambda::Function', 'Backdoor:Lambda/C&CActivity.B', {
  uid: 'my-lambda-function',
  uid_alt: 'arn:aws:lambda:us-east-1:123456789012:function:my-lambda-function',
});
const OCSF_BUCKET = ocsfOn('AWS::S3::Bucket', 'Policy:S3/BucketBlockPublicAccessDisabled', {
  uid: 'amzn-s3-demo-bucket',
});
const OCSF_TASK = ocsfOn('AWS::ECS::Task', 'Execution:Runtime/SuspiciousTool', {
  uid: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0a1b2c3d4e5f60718293a4b5c6d7e8f9',
});
const OCSF_RDS = ocsfOn(
  'AWS::RDS::DBInstance',
  'CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin',
  { uid: 'database-1', uid_alt: 'arn:aws:rds:us-east-1:123456789012:db:database-1' },
);
const OCSF_GROUP = ocsfControlOn(
  'EC2.19',
  'AWS::EC2::SecurityGroup',
  'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718',
);
const OCSF_S3_READ = ocsfControlOn('S3.2', 'AWS::S3::Bucket', 'arn:aws:s3:::amzn-s3-demo-bucket');
const OCSF_SNAPSHOTS = ocsfControlOn('EC2.1', 'AWS::::Account', '123456789012');

const HANDLERS: [string, Handler, Json[]][] = [
  ['isolate-ec2', isolateEc2, [gdEc2, gdNoEni, gdSampleEc2, hubIsolate, hubSample, ocsfEc2]],
  [
    'block-principal',
    blockPrincipal,
    [gdUser, gdRole, gdRoot, gdSampleIam, hubKeys, hubUser, ocsfIam, OCSF_IAM_ACTIVE],
  ],
  ['confine-security-group', confineGroup, [configGroup, hubGroup, hubSample, OCSF_GROUP]],
  [
    'start-ssm-automation',
    startAutomation,
    [configBucket, encryptedVolumes, hubBucket, hubEncryption, OCSF_S3_READ, ocsfControl],
  ],
  ['contain-lambda-function', containLambda, [gdLambda, OCSF_LAMBDA]],
  ['restore-bucket-public-access', restoreBucket, [gdBucketBpa, OCSF_BUCKET]],
  [
    'isolate-ecs-task',
    isolateEcsTask,
    [gdEcsFargate, gdEcsEc2, gdSampleEcs, hubEcsTask, OCSF_TASK],
  ],
  ['escalate-finding', escalate, [gdEks, gdRds, gdAttackSequence, ocsfEc2, OCSF_RDS]],
  ['make-snapshot-private', makeSnapshotPrivate, [configSnapshots, hubSnapshots, OCSF_SNAPSHOTS]],
  ['make-rds-snapshot-private', makeRdsSnapshotPrivate, [configRdsSnapshot, hubRdsSnapshot]],
];

// ---- mutations --------------------------------------------------------------------------------

const VALUES: Json[] = [0, -1, 1e308, true, null, [], {}, ['x'], { a: 1 }, '', ' ', HUGE];
const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'ap-south-1',
  'cn-north-1',
  'us-gov-west-1',
  'eu-west-1\n',
];
const ACCOUNTS = ['999999999999', '000000000000', '2222', '111111111111'];
const ARNS = [
  'arn:aws:ec2:ap-south-1:999999999999:instance/i-0a1b2c3d4e5f60789',
  'arn:aws-cn:ec2:cn-north-1:222222222222:instance/i-0a1b2c3d4e5f60789',
  'arn:aws:ec2:us-east-1:222222222222:security-group/sg-0a1b2c3d4e5f60718',
  'arn:aws-us-gov:ec2:us-gov-west-1:222222222222:security-group/sg-0a1b2c3d4e5f60718',
  'arn:aws:iam::999999999999:user/mallory',
  'arn:aws-cn:iam::222222222222:role/admin',
  'arn:aws-cn:s3:::example-data-bucket-222222222222',
  'arn:aws:securityhub:ap-south-1::product/aws/guardduty',
  'arn:aws:securityhub:::product/example/scanner',
  `arn:aws:ec2:${'q'.repeat(400)}-1:222222222222:instance/i-0a1b2c3d4e5f60789`,
  'i-0a1b2c3d4e5f60789',
  'sg-0a1b2c3d4e5f60718',
];

type Kind =
  | 'delete'
  | 'huge'
  | 'hugeKey'
  | 'type'
  | 'region'
  | 'account'
  | 'arn'
  | 'sample'
  | 'proto'
  | 'duplicate'
  | 'envelopeRegion'
  | 'stripRegions'
  | 'long'
  | 'hostileTags'
  | 'longIds';

/** Mutations at a random place of the event. */
const KINDS: Kind[] = [
  'delete',
  'huge',
  'long',
  'hugeKey',
  'type',
  'region',
  'account',
  'arn',
  'sample',
  'proto',
  'duplicate',
];

/** Mutations of the whole event, aimed at what an attacker or an aggregator controls. */
const EVENT_KINDS: Kind[] = ['envelopeRegion', 'stripRegions', 'hostileTags', 'longIds'];

interface Mutation {
  readonly at: number;
  readonly kind: Kind;
  readonly pick: number;
}

type Container = Record<string, Json> | Json[];

/** Every (container, key) of the event, depth first, at most 2,000 of them. */
function slots(root: Json): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const walk = (node: Json): void => {
    if (out.length >= 2000 || typeof node !== 'object' || node === null) return;
    const entries: [string | number, Json][] = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : Object.entries(node as Record<string, Json>);
    for (const [key, value] of entries) {
      out.push([node as Container, key]);
      walk(value);
    }
  };
  walk(root);
  return out;
}

function set(container: Container, key: string | number, value: Json): void {
  (container as Record<string | number, Json>)[key] = value;
}

/** Deletes every region field of the finding(s), and on two picks in three the ProductArn's region too. */
function stripRegions(node: Json, pick: number): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const v of node) stripRegions(v, pick);
    return;
  }
  const record = node as Record<string, Json>;
  for (const key of ['Region', 'region', 'awsRegion']) delete record[key];
  if (pick % 3 !== 0 && typeof record.ProductArn === 'string') {
    record.ProductArn = 'arn:aws:securityhub:::product/example/scanner';
  }
  for (const v of Object.values(record)) stripRegions(v, pick);
}

/** Tags are set by whoever owns the resource: adds a huge key to every tag map and tag list. */
function hostileTags(node: Json): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const v of node) hostileTags(v);
    return;
  }
  const record = node as Record<string, Json>;
  if (typeof record.Tags === 'object' && record.Tags !== null && !Array.isArray(record.Tags)) {
    (record.Tags as Record<string, Json>)[HUGE] = 'v';
  }
  if (Array.isArray(record.tags)) record.tags.push({ key: HUGE, value: HUGE });
  for (const v of Object.values(record)) hostileTags(v);
}

/**
 * Any product can import findings into Security Hub: gives every ASFF finding an `Id` and a
 * `GeneratorId` within the 512-character limit but too long to copy whole, and no `Types`.
 */
function longIds(event: Json, pick: number): void {
  const findings = (event as { detail?: { findings?: Json } }).detail?.findings;
  if (!Array.isArray(findings)) return;
  findings.forEach((f, i) => {
    if (typeof f !== 'object' || f === null) return;
    const finding = f as Record<string, Json>;
    finding.Id = `${MARKER.repeat(300 + (pick % 200))}-${i}`;
    finding.GeneratorId = MARKER.repeat(257 + (pick % 255));
    delete finding.Types;
  });
}

/** Applies one mutation to the event in place. */
function mutate(event: Json, m: Mutation): void {
  if (m.kind === 'longIds') {
    longIds(event, m.pick);
    return;
  }
  if (m.kind === 'hostileTags') {
    hostileTags(event);
    return;
  }
  if (m.kind === 'envelopeRegion') {
    set(event as Container, 'region', REGIONS[m.pick % REGIONS.length]);
    return;
  }
  if (m.kind === 'stripRegions') {
    // As a cross-region aggregator delivers it: the envelope names the aggregation region.
    stripRegions((event as { detail?: Json }).detail, m.pick);
    set(event as Container, 'region', REGIONS[(m.pick >> 1) % REGIONS.length]);
    return;
  }
  const all = slots(event);
  const slot = all[m.at % all.length];
  if (!slot) return;
  const [container, key] = slot;
  const current = (container as Record<string | number, Json>)[key];
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
      return;
    case 'long':
      // Long enough to pass a 512-character limit, too long to be copied whole.
      set(container, key, MARKER.repeat(257 + (m.pick % 255)));
      return;
    case 'huge':
      set(container, key, typeof current === 'string' ? `${current}${HUGE}` : HUGE);
      return;
    case 'hugeKey':
      if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
        set(current as Container, HUGE, 'v');
      } else if (!Array.isArray(container)) container[`${key}${HUGE}`] = current;
      return;
    case 'type':
      set(container, key, VALUES[m.pick % VALUES.length]);
      return;
    case 'region':
      set(container, key, REGIONS[m.pick % REGIONS.length]);
      return;
    case 'account':
      set(container, key, ACCOUNTS[m.pick % ACCOUNTS.length]);
      return;
    case 'arn':
      set(container, key, ARNS[m.pick % ARNS.length]);
      return;
    case 'sample':
      set(
        container,
        key,
        m.pick % 2 === 0 ? { value: '{"sample":true}', type: 'default' } : { sample: 'true' },
      );
      return;
    case 'proto':
      if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
        // As JSON.parse makes them: own properties named __proto__ and constructor.
        const hostile = JSON.parse('{"polluted":"yes","prototype":{"polluted":"yes"}}');
        for (const name of ['__proto__', 'constructor']) {
          Object.defineProperty(current, name, {
            value: hostile,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
      return;
    case 'duplicate':
      if (Array.isArray(current) && current.length > 0) {
        const copies = 1 + (m.pick % 40);
        for (let i = 0; i < copies; i++) current.push(structuredClone(current[i % current.length]));
      }
      return;
  }
}

/** The region mutations weigh more: they need no lucky path to reach what they test. */
const mutationArb = fc.record({
  at: fc.nat(),
  kind: fc.oneof(
    { arbitrary: fc.constantFrom(...KINDS), weight: 3 },
    {
      arbitrary: fc.constantFrom(...EVENT_KINDS),
      weight: 1,
    },
  ),
  pick: fc.nat(),
});

// ---- what the finding names ---------------------------------------------------------------------

interface Named {
  readonly account: string;
  readonly regions: ReadonlySet<string>;
}

/** Every string a finding holds, without its envelope. */
function strings(node: Json, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const v of node) strings(v, out);
  else if (typeof node === 'object' && node !== null)
    for (const v of Object.values(node)) strings(v, out);
  return out;
}

/** Per finding of the (mutated) event: its account, and every region it names anywhere. */
function namedByFindings(event: Json): Named[] {
  const detail = (event as { detail?: Record<string, Json> }).detail ?? {};
  const findings = Array.isArray(detail.findings) ? detail.findings : [detail];
  return findings.map((finding) => {
    const f = (typeof finding === 'object' && finding !== null ? finding : {}) as Record<
      string,
      Json
    >;
    const cloud = (f.cloud ?? {}) as { account?: { uid?: Json } };
    const account = String(
      f.AwsAccountId ?? f.accountId ?? f.awsAccountId ?? cloud.account?.uid ?? '',
    );
    const regions = new Set<string>();
    for (const s of strings(f)) {
      if (REGION.test(s)) regions.add(s);
      const arn = arnParts(s);
      if (arn?.region) regions.add(arn.region);
    }
    return { account, regions };
  });
}

function partitionOf(region: string): string {
  return memberClients.partitionOf(region);
}

// ---- member accounts as healthy ones -------------------------------------------------------------

const owners = new WeakMap<object, { accountId: string; region: string }>();
const original = memberClients.memberClient;
jest.spyOn(memberClients, 'memberClient').mockImplementation((Client, target) => {
  const client = original(Client, target);
  owners.set(client as object, { accountId: target.accountId, region: target.region });
  return client;
});

function arrange(m: Mocks): void {
  resetAll(m, { CONFIG_RULES });
  resetIsolationGroups();
  m.ec2.onAnyCommand().resolves({});
  m.ec2.on(DescribeInstancesCommand).callsFake((input: DescribeInstancesCommandInput) => ({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: input.InstanceIds?.[0],
            State: { Name: 'running' },
            VpcId: 'vpc-0a0000000000000a0',
            NetworkInterfaces: [
              {
                NetworkInterfaceId: 'eni-0a00000000000a001',
                VpcId: 'vpc-0a0000000000000a0',
                Groups: [{ GroupId: 'sg-0a00000000000a101' }],
              },
            ],
            BlockDeviceMappings: [{ Ebs: { VolumeId: 'vol-0a1b2c3d4e5f60001' } }],
          },
        ],
      },
    ],
  }));
  m.ec2
    .on(DescribeSecurityGroupsCommand)
    .callsFake((input: DescribeSecurityGroupsCommandInput) => ({
      SecurityGroups: (input.GroupIds ?? []).map((id) => ({
        GroupId: id,
        VpcId: 'vpc-0a0000000000000a0',
        Tags: [],
      })),
    }));
  m.ec2
    .on(DescribeSecurityGroupRulesCommand)
    .callsFake((input: DescribeSecurityGroupRulesCommandInput) => ({
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: 'sgr-0000000000000001a',
          GroupId: input.Filters?.[0]?.Values?.[0] ?? 'sg-0a1b2c3d4e5f60718',
          IsEgress: false,
          IpProtocol: 'tcp',
          FromPort: 22,
          ToPort: 22,
          CidrIpv4: '0.0.0.0/0',
        },
      ],
    }));
  m.ec2.on(DescribeSnapshotsCommand).resolves({
    Snapshots: [{ SnapshotId: 'snap-0a1b2c3d4e5f60718', Tags: [] }],
  });
  m.iam.onAnyCommand().resolves({});
  m.iam.on(GetUserCommand).callsFake((i: { UserName?: string }) => ({
    User: { UserName: i.UserName, Arn: `arn:aws:iam::222222222222:user/${i.UserName}`, Tags: [] },
  }));
  m.iam.on(GetRoleCommand).callsFake((i: { RoleName?: string }) => ({
    Role: { RoleName: i.RoleName, Arn: `arn:aws:iam::222222222222:role/${i.RoleName}`, Tags: [] },
  }));
  m.s3.onAnyCommand().resolves({});
  m.s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
  m.tag.onAnyCommand().resolves({ ResourceTagMappingList: [] });
  m.ssm.onAnyCommand().resolves({});
  m.ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: 'exec-1' });
  // Lambda and ECS answer empty: the responders read nothing to act on and say so (or fail named).
  m.lambda.onAnyCommand().resolves({});
  m.ecs.onAnyCommand().resolves({});
  // RDS is mocked by its responder's own test support (one mock per client class).
  rds.reset();
  answerSnapshot();
}

// ---- the properties -----------------------------------------------------------------------------

function longestRun(text: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === MARKER ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

interface MemberCall {
  readonly action: string;
  readonly owner?: { accountId: string; region: string };
}

function memberCalls(m: Mocks): MemberCall[] {
  const prefixed = [
    ['ec2', m.ec2],
    ['iam', m.iam],
    ['ssm', m.ssm],
    ['s3', m.s3],
    ['tag', m.tag],
    ['lambda', m.lambda],
    ['ecs', m.ecs],
    ['rds', rds],
  ] as const;
  return prefixed.flatMap(([prefix, mock]) =>
    (
      mock as unknown as {
        calls(): { thisValue: object; args: { constructor: { name: string } }[] }[];
      }
    )
      .calls()
      .map((c) => ({
        action: `${prefix}:${c.args[0]?.constructor.name.replace(/Command$/, '')}`,
        owner: owners.get(c.thisValue),
      })),
  );
}

function allCalls(m: Mocks): number {
  return [...Object.values(m), rds].reduce((n, mock) => n + mock.calls().length, 0);
}

/** Checks the four properties; returns a description of the first violation, if any. */
async function check(handler: Handler, event: Json): Promise<string | undefined> {
  arrange(mocks);
  const named = namedByFindings(event);
  let thrown: unknown;
  try {
    await handler(event);
  } catch (error) {
    thrown = error;
  }
  // 1. settles, or one of the two named errors
  const name = (thrown as Error | undefined)?.name;
  if (thrown !== undefined && name !== 'InvalidEventError' && name !== 'ResponseFailedError') {
    return `threw ${String(name)}: ${(thrown as Error)?.message?.slice(0, 300)}`;
  }
  // 2. no AWS call before an InvalidEventError
  if (name === 'InvalidEventError' && allCalls(mocks) > 0)
    return 'AWS calls before InvalidEventError';
  // 3. bounded messages and alerts
  const message = (thrown as Error | undefined)?.message ?? '';
  if (message.length > 2200 || longestRun(message) > MAX_COPIED) {
    return `unbounded error message (${message.length} characters)`;
  }
  for (const p of inputsOf<PublishCommandInput>(mocks.sns, PublishCommand)) {
    if ((p.Subject ?? '').length > 99 || longestRun(p.Message ?? '') > MAX_COPIED) {
      return `unbounded alert (longest copy ${longestRun(p.Message ?? '')})`;
    }
  }
  // 4. mutating calls only where a finding names account, region and partition
  for (const call of memberCalls(mocks).filter((c) => MUTATING.has(c.action))) {
    const owner = call.owner;
    if (!owner) return `${call.action} through a client of unknown account`;
    const ok = named.some((n) => n.account === owner.accountId && n.regions.has(owner.region));
    if (!ok) return `${call.action} in ${owner.accountId}/${owner.region}, which no finding names`;
  }
  for (const input of inputsOf<AssumeRoleCommandInput>(mocks.sts, AssumeRoleCommand)) {
    const arn = arnParts(input.RoleArn ?? '');
    const ok = named.some(
      (n) =>
        n.account === arn?.account && [...n.regions].some((r) => partitionOf(r) === arn?.partition),
    );
    if (!ok) return `AssumeRole ${input.RoleArn} outside what the findings name`;
  }
  // Recording in the security account (archive, workflow and note) also goes to a named region.
  const recorders = [mocks.guardduty, mocks.securityhub] as unknown as {
    calls(): { thisValue: { config: { region: () => Promise<string> } } }[];
  }[];
  for (const call of recorders.flatMap((r) => r.calls())) {
    const region = await call.thisValue.config.region();
    if (!named.some((n) => n.regions.has(region)))
      return `recorded in ${region}, which no finding names`;
  }
  if (({} as { polluted?: unknown }).polluted !== undefined) return 'prototype polluted';
  return undefined;
}

describe('fuzz: coverage of the registry', () => {
  it('fuzzes every responder the registry declares', () => {
    const fuzzed = new Set(HANDLERS.map(([name]) => name));
    expect(RESPONDER_NAMES.filter((name) => !fuzzed.has(name))).toEqual([]);
  });
});

describe.each(HANDLERS)('fuzz: %s over mutated real-shaped events', (_name, handler, seeds) => {
  it('settles or throws a named error, calls nothing before InvalidEventError, stays bounded, acts only where the finding says', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        async (seedIndex, mutations) => {
          const event = structuredClone(seeds[seedIndex]);
          for (const m of mutations) mutate(event, m);
          const violation = await check(handler, event);
          if (violation) throw new Error(violation);
        },
      ),
      { numRuns: RUNS_PER_HANDLER, seed: 20260308 },
    );
  });
});
