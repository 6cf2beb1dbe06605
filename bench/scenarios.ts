/**
 * The critical-path scenarios: which handler runs on which fixture, what the member account
 * answers, whether the container is cold or warm, and the target.
 */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import { handler as blockPrincipal } from '../lambdas/block-principal';
import { handler as confineSecurityGroup } from '../lambdas/confine-security-group';
import { handler as containLambdaFunction } from '../lambdas/contain-lambda-function';
import { handler as isolateEc2 } from '../lambdas/isolate-ec2';
import { handler as isolateEcsTask } from '../lambdas/isolate-ecs-task';
import { handler as restoreBucketPublicAccess } from '../lambdas/restore-bucket-public-access';
import type { ResponderName } from '../lambdas/shared/catalogue';
import { DEFAULT_CONFIG_RULES } from '../lambdas/shared/defaults';
import type { HandlerResult } from '../lambdas/shared/handler';
import { handler as startSsmAutomation } from '../lambdas/start-ssm-automation';
import bucketFixture from '../test/fixtures/config/s3-public-read.json';
import sgFixture from '../test/fixtures/config/sg-restricted-ssh.json';
import ecsEc2Fixture from '../test/fixtures/guardduty/ecs-ec2-runtime.json';
import ecsFargateFixture from '../test/fixtures/guardduty/ecs-fargate-runtime.json';
import roleFixture from '../test/fixtures/guardduty/iam-role-credential-exfiltration.json';
import userFixture from '../test/fixtures/guardduty/iam-user-malicious-ip.json';
import lambdaFixture from '../test/fixtures/guardduty/lambda-c2-activity.json';
import bucketPublicFixture from '../test/fixtures/guardduty/s3-block-public-access-disabled.json';
import s3KeyFixture from '../test/fixtures/guardduty/s3-exfiltration-malicious-ip.json';
import { StatefulEc2 } from '../test/support/stateful-ec2';
import {
  type EventInterface,
  FIXTURE_FINDING,
  FIXTURE_INSTANCE,
  FIXTURE_INTERFACES,
  isolationEvent,
} from './events';
import type { Answers } from './fake-aws';

/** One measured run of a handler. */
export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly responder: ResponderName;
  readonly handler: (event: unknown) => Promise<HandlerResult>;
  /** `cold`: every cache reset before the run; `warm`: `warmUp` ran first in the same container. */
  readonly container: 'cold' | 'warm';
  readonly env?: Readonly<Record<string, string>>;
  /** Fresh answers of the member account for one run. */
  readonly member: () => Answers;
  readonly event: () => unknown;
  /** An earlier finding handled by the same container, not measured. */
  readonly warmUp?: () => unknown;
  /** The bound on sequential round trips to the last containment call. */
  readonly target?: number;
}

const CONFIG_RULES = JSON.stringify(
  Object.fromEntries(DEFAULT_CONFIG_RULES.map((r) => [r.name, r.response])),
);

/** A second instance in the same VPCs as the fixture's, isolated first by a warm container. */
const OTHER_INSTANCE = 'i-0a1b2c3d4e5f6aaaa';
const otherInterfaces = (enis: readonly EventInterface[]) =>
  enis.map((n, i) => ({ id: `eni-0c00000000000c00${i}`, vpcId: n.vpcId }));

function isolation(
  id: string,
  label: string,
  enis: readonly EventInterface[],
  options: { container: 'cold' | 'warm'; groups: 'created' | 'exist'; target: number },
): Scenario {
  const vpcs = [...new Set(enis.map((n) => n.vpcId))];
  const event = () =>
    isolationEvent({ findingId: FIXTURE_FINDING, instanceId: FIXTURE_INSTANCE, interfaces: enis });
  return {
    id,
    label,
    responder: 'isolate-ec2',
    handler: isolateEc2,
    container: options.container,
    member: () => {
      const ec2 = new StatefulEc2();
      ec2.addInstance(FIXTURE_INSTANCE, enis);
      ec2.addInstance(OTHER_INSTANCE, otherInterfaces(enis));
      if (options.groups === 'exist' && options.container === 'cold') {
        for (const vpc of vpcs) ec2.addIsolationGroups(vpc);
      }
      return ec2.answers();
    },
    event,
    ...(options.container === 'warm'
      ? {
          // The earlier finding creates the groups, which the container then keeps.
          warmUp: () =>
            isolationEvent({
              findingId: 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0',
              instanceId: OTHER_INSTANCE,
              interfaces: otherInterfaces(enis),
            }),
        }
      : {}),
    target: options.target,
  };
}

const iamAnswers = (): Answers => {
  const principal = (kind: 'user' | 'role', name: string) => ({
    Path: '/',
    Arn: `arn:aws:iam::222222222222:${kind}/${name}`,
    CreateDate: new Date('2024-01-10T08:00:00Z'),
    Tags: [{ Key: 'team', Value: 'platform' }],
  });
  const ok = () => ({});
  return {
    'iam:GetUser': (input) => {
      const name = (input as { UserName: string }).UserName;
      return {
        User: { UserName: name, UserId: 'AIDAEXAMPLEUSER4XVW2', ...principal('user', name) },
      };
    },
    'iam:GetRole': (input) => {
      const name = (input as { RoleName: string }).RoleName;
      return {
        Role: { RoleName: name, RoleId: 'AROAEXAMPLEROLE3MN7P', ...principal('role', name) },
      };
    },
    'iam:UpdateAccessKey': ok,
    'iam:AttachUserPolicy': ok,
    'iam:PutUserPolicy': ok,
    'iam:AttachRolePolicy': ok,
    'iam:PutRolePolicy': ok,
  };
};

const SG = sgFixture.detail.resourceId;

function openRule(id: string, fields: Partial<SecurityGroupRule>): SecurityGroupRule {
  const base = { GroupId: SG, GroupOwnerId: '222222222222', IsEgress: false, IpProtocol: 'tcp' };
  return { SecurityGroupRuleId: id, ...base, ...fields };
}

/** Three ranges open to the world: SSH over IPv4 and IPv6, RDP over IPv4; and the usual egress. */
const OPEN_RULES: SecurityGroupRule[] = [
  openRule('sgr-0000000000000001a', { FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' }),
  openRule('sgr-0000000000000002b', { FromPort: 22, ToPort: 22, CidrIpv6: '::/0' }),
  openRule('sgr-0000000000000003c', { FromPort: 3389, ToPort: 3389, CidrIpv4: '0.0.0.0/0' }),
  openRule('sgr-00000000000000e9a', {
    IsEgress: true,
    IpProtocol: '-1',
    FromPort: -1,
    ToPort: -1,
    CidrIpv4: '0.0.0.0/0',
  }),
];

const groupAnswers = (): Answers => ({
  'ec2:DescribeSecurityGroups': () => ({
    SecurityGroups: [{ GroupId: SG, VpcId: 'vpc-0c1d2e3f4a5b6c7d8', Tags: [] }],
  }),
  'ec2:DescribeSecurityGroupRules': () => ({ SecurityGroupRules: OPEN_RULES }),
  'ec2:AuthorizeSecurityGroupIngress': () => ({ Return: true }),
  'ec2:RevokeSecurityGroupIngress': () => ({ Return: true }),
});

const bucketAnswers = (): Answers => ({
  's3:GetBucketTagging': () => ({ TagSet: [{ Key: 'team', Value: 'data' }] }),
  'ssm:StartAutomationExecution': () => ({
    AutomationExecutionId: '4f0e7b1c-8a2d-4c6e-9b3f-1d5a7c9e2b4f',
  }),
});

/** A bucket made public: no Block Public Access setting on. */
const publicBucketAnswers = (): Answers => ({
  's3:GetBucketTagging': () => ({ TagSet: [{ Key: 'team', Value: 'data' }] }),
  's3:GetBucketPublicAccessBlock': () => ({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: false,
      IgnorePublicAcls: false,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    },
  }),
  's3:PutBucketPublicAccessBlock': () => ({}),
});

/** The function of the Lambda Protection fixture, unreserved, and its execution role. */
const lambdaAnswers = (): Answers => {
  const name = lambdaFixture.detail.resource.lambdaDetails.functionName;
  const arn = lambdaFixture.detail.resource.lambdaDetails.functionArn;
  const role = lambdaFixture.detail.resource.lambdaDetails.role;
  return {
    'lambda:GetFunction': () => ({
      Configuration: { FunctionName: name, FunctionArn: arn, Role: role },
      Tags: { team: 'payments' },
    }),
    'lambda:PutFunctionConcurrency': () => ({ ReservedConcurrentExecutions: 0 }),
    'iam:GetRole': (input) => {
      const roleName = (input as { RoleName: string }).RoleName;
      return {
        Role: {
          RoleName: roleName,
          Arn: role,
          Path: '/',
          RoleId: 'AROAEXAMPLEROLEID0001',
          CreateDate: new Date('2024-01-10T08:00:00Z'),
          Tags: [],
        },
      };
    },
    'iam:PutRolePolicy': () => ({}),
  };
};

const ONE_ENI = FIXTURE_INTERFACES.slice(0, 1);

/** The Fargate task's own interface, and the instance a task on EC2 runs on. */
const TASK_ENI = 'eni-0f1e2d3c4b5a69788';
const TASK_HOST = 'i-0e1e2e3e4e5e6e7e8';
const TASK_ROLE = 'arn:aws:iam::222222222222:role/payments-api-task';

/**
 * An ECS task as DescribeTasks returns it (Fargate: one awsvpc interface; EC2: a container
 * instance), its service, cluster and task definition, and EC2 with the isolation groups of its
 * VPC. `requesterManaged` is what a real Fargate interface says (its groups cannot be changed).
 */
function ecsAnswers(launch: 'FARGATE' | 'EC2', requesterManaged: boolean) {
  return (): Answers => {
    const fixture = launch === 'EC2' ? ecsEc2Fixture : ecsFargateFixture;
    const details = fixture.detail.resource.ecsClusterDetails;
    const ec2 = new StatefulEc2();
    const vpcId = ONE_ENI[0]?.vpcId ?? 'vpc-0a0000000000000a0';
    // Registers the interface (in an app group of its own) as FakeEc2 knows interfaces.
    ec2.addInstance(TASK_HOST, [
      { id: launch === 'EC2' ? 'eni-0e00000000000e001' : TASK_ENI, vpcId },
    ]);
    ec2.addIsolationGroups(vpcId);
    const host = ec2.instances.get(TASK_HOST);
    return {
      ...ec2.answers(),
      ...iamAnswers(),
      'ecs:DescribeTasks': () => ({
        tasks: [
          {
            taskArn: details.taskDetails.arn,
            clusterArn: details.arn,
            lastStatus: 'RUNNING',
            desiredStatus: 'RUNNING',
            launchType: launch,
            group: details.taskDetails.group,
            taskDefinitionArn: details.taskDetails.definitionArn,
            ...(launch === 'EC2'
              ? {
                  containerInstanceArn: `${details.arn.replace(':cluster/', ':container-instance/')}/1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6`,
                }
              : {
                  attachments: [
                    {
                      type: 'ElasticNetworkInterface',
                      details: [{ name: 'networkInterfaceId', value: TASK_ENI }],
                    },
                  ],
                }),
            tags: [],
          },
        ],
      }),
      'ecs:DescribeClusters': () => ({ clusters: [{ clusterArn: details.arn, tags: [] }] }),
      'ecs:DescribeServices': () => ({
        services: [
          { serviceArn: `${details.arn.replace(':cluster/', ':service/')}/api`, tags: [] },
        ],
      }),
      'ecs:DescribeTaskDefinition': () => ({ taskDefinition: { taskRoleArn: TASK_ROLE } }),
      'ecs:DescribeContainerInstances': () => ({
        containerInstances: [{ ec2InstanceId: TASK_HOST }],
      }),
      'ec2:DescribeNetworkInterfaces': () => ({
        NetworkInterfaces: (host?.interfaces ?? []).map((n) => ({
          NetworkInterfaceId: n.id,
          VpcId: n.vpcId,
          Groups: n.groups.map((GroupId) => ({ GroupId })),
          RequesterManaged: requesterManaged,
        })),
      }),
    };
  };
}

/** Every critical-path scenario of the issue, in report order. */
export function scenarios(): Scenario[] {
  return [
    // A VPC's first incident: `security-ir prepare` made its groups, the container has nothing cached.
    isolation(
      'isolate-1-first-prepared',
      'isolate, 1 ENI, first incident in the VPC, cold, groups prepared',
      ONE_ENI,
      { container: 'cold', groups: 'exist', target: 4 },
    ),
    // The fallback when a VPC was never prepared: the responder creates the groups (2 more trips).
    isolation('isolate-1-cold-new', 'isolate, 1 ENI, cold, groups missing: created', ONE_ENI, {
      container: 'cold',
      groups: 'created',
      target: 6,
    }),
    isolation('isolate-1-warm', 'isolate, 1 ENI, warm, groups cached', ONE_ENI, {
      container: 'warm',
      groups: 'exist',
      target: 3,
    }),
    isolation(
      'isolate-3-cold-new',
      'isolate, 3 ENI / 2 VPC, cold, groups missing: created',
      FIXTURE_INTERFACES,
      {
        container: 'cold',
        groups: 'created',
        target: 6,
      },
    ),
    isolation('isolate-3-warm', 'isolate, 3 ENI / 2 VPC, warm, groups cached', FIXTURE_INTERFACES, {
      container: 'warm',
      groups: 'exist',
      target: 3,
    }),
    isolation(
      'isolate-3-cold-exist',
      'isolate, 3 ENI / 2 VPC, first incident in the VPCs, cold, groups prepared',
      FIXTURE_INTERFACES,
      {
        container: 'cold',
        groups: 'exist',
        target: 4,
      },
    ),
    {
      id: 'block-user-cold',
      label: 'block IAM user, cold',
      responder: 'block-principal',
      handler: blockPrincipal,
      container: 'cold',
      member: iamAnswers,
      event: () => structuredClone(userFixture),
      target: 3,
    },
    {
      id: 'block-role-cold',
      label: 'block assumed role, cold (deny policy on roles)',
      responder: 'block-principal',
      handler: blockPrincipal,
      container: 'cold',
      env: { DENY_POLICY_ON_ROLES: 'true' },
      member: iamAnswers,
      event: () => structuredClone(roleFixture),
      target: 3,
    },
    {
      id: 'confine-cold',
      label: 'confine group, 3 open ranges, cold',
      responder: 'confine-security-group',
      handler: confineSecurityGroup,
      container: 'cold',
      env: { CONFIG_RULES },
      member: groupAnswers,
      event: () => structuredClone(sgFixture),
      target: 4,
    },
    {
      id: 'block-s3-key-cold',
      label: 'block the IAM user an S3 finding names, cold',
      responder: 'block-principal',
      handler: blockPrincipal,
      container: 'cold',
      member: iamAnswers,
      event: () => structuredClone(s3KeyFixture),
      target: 3,
    },
    {
      id: 'bucket-public-cold',
      label: 'restore S3 Block Public Access, cold',
      responder: 'restore-bucket-public-access',
      handler: restoreBucketPublicAccess,
      container: 'cold',
      member: publicBucketAnswers,
      event: () => structuredClone(bucketPublicFixture),
      target: 3,
    },
    {
      id: 'lambda-cold',
      label: 'contain Lambda function (concurrency 0, role sessions), cold',
      responder: 'contain-lambda-function',
      handler: containLambdaFunction,
      container: 'cold',
      member: lambdaAnswers,
      event: () => structuredClone(lambdaFixture),
      // The role's name comes from the function, and its exception tag gates the revoke.
      target: 4,
    },
    {
      id: 'ecs-fargate-cold',
      label: 'ECS Fargate task, 1 changeable ENI, cold, groups exist',
      responder: 'isolate-ecs-task',
      handler: isolateEcsTask,
      container: 'cold',
      member: ecsAnswers('FARGATE', false),
      event: () => structuredClone(ecsFargateFixture),
      target: 6,
    },
    {
      id: 'ecs-fargate-managed-cold',
      label: 'ECS Fargate task, requester-managed ENI (revoke only, escalated), cold',
      responder: 'isolate-ecs-task',
      handler: isolateEcsTask,
      container: 'cold',
      member: ecsAnswers('FARGATE', true),
      event: () => structuredClone(ecsFargateFixture),
      target: 5,
    },
    {
      id: 'ecs-ec2-cold',
      label: 'ECS task on EC2: instance isolated, cold, groups exist',
      responder: 'isolate-ecs-task',
      handler: isolateEcsTask,
      container: 'cold',
      member: ecsAnswers('EC2', false),
      event: () => structuredClone(ecsEc2Fixture),
      target: 7,
    },
    {
      id: 'runbook-cold',
      label: 'start SSM runbook (S3 public read), cold',
      responder: 'start-ssm-automation',
      handler: startSsmAutomation,
      container: 'cold',
      env: { CONFIG_RULES },
      member: bucketAnswers,
      event: () => structuredClone(bucketFixture),
      target: 3,
    },
  ];
}
