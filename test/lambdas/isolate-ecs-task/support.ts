/** Arrangement of the isolate-ecs-task tests: the fixtures and a healthy member account. */
import {
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  type DescribeNetworkInterfacesCommandInput,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type Tag,
} from '@aws-sdk/client-ecs';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { resetIsolationGroups } from '../../../lambdas/isolate-ec2/groups';
import ec2Fixture from '../../fixtures/guardduty/ecs-ec2-runtime.json';
import fargateFixture from '../../fixtures/guardduty/ecs-fargate-runtime.json';
import { type Mocks, resetAll } from '../../support/aws';
import { cleanGroup, GROUP_IDS, instanceReply, VPC_A } from '../isolate-ec2/support';

export const ACCOUNT = '222222222222';
export const CLUSTER = fargateFixture.detail.resource.ecsClusterDetails.arn;
export const TASK = fargateFixture.detail.resource.ecsClusterDetails.taskDetails.arn;
export const EC2_CLUSTER = ec2Fixture.detail.resource.ecsClusterDetails.arn;
export const EC2_TASK = ec2Fixture.detail.resource.ecsClusterDetails.taskDetails.arn;
export const SERVICE = 'payments-api';
export const SERVICE_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/payments/${SERVICE}`;
export const TASK_DEFINITION =
  fargateFixture.detail.resource.ecsClusterDetails.taskDetails.definitionArn;
export const ROLE = 'payments-api-task';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
export const ENI = 'eni-0f1e2d3c4b5a69788';
export const CONTAINER_INSTANCE = `arn:aws:ecs:us-east-1:${ACCOUNT}:container-instance/batch/1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6`;
export const { quarantine: QUARANTINE, passthrough: PASSTHROUGH } = GROUP_IDS[VPC_A];
export const APP_GROUP = 'sg-0aaaaaaaaaaaaaaa1';
export const INSTANCE_ID = 'i-0a1b2c3d4e5f60789';
/** The container instance's one interface (bridge-mode tasks share it). */
export const INSTANCE_ENI = {
  id: 'eni-0a00000000000a001',
  vpc: VPC_A,
  groups: [APP_GROUP],
} as const;

/** A fresh copy of the Fargate Runtime Monitoring finding. */
export const fargateEvent = () => structuredClone(fargateFixture);
/** A fresh copy of the EC2-launch-type Runtime Monitoring finding. */
export const ec2Event = () => structuredClone(ec2Fixture);

/** What the live task, its service, cluster, role and interface look like. */
export interface LiveTaskSpec {
  readonly launch?: 'FARGATE' | 'EC2';
  readonly lastStatus?: string;
  readonly taskTags?: Tag[];
  readonly serviceTags?: Tag[];
  readonly clusterTags?: Tag[];
  readonly roleTags?: { Key: string; Value: string }[];
  /** Whether ECS created the task's interface (true for every real Fargate task). */
  readonly requesterManaged?: boolean;
  /** The interface's groups now. */
  readonly groups?: string[];
  readonly taskRole?: boolean;
  readonly instanceTags?: { Key: string; Value: string }[];
}

/**
 * Resets every mock and cache and answers ECS, EC2 and IAM as a healthy member account: a
 * Fargate task (or an EC2 one) of service payments-api, one interface in VPC_A, the isolation
 * groups found clean, every write a success.
 */
export function arrange(mocks: Mocks, live: LiveTaskSpec = {}, env: Record<string, string> = {}) {
  resetAll(mocks, env);
  resetIsolationGroups();
  const ec2Launch = live.launch === 'EC2';
  mocks.ecs.on(DescribeTasksCommand).resolves({
    tasks: [
      {
        taskArn: ec2Launch ? EC2_TASK : TASK,
        clusterArn: ec2Launch ? EC2_CLUSTER : CLUSTER,
        lastStatus: live.lastStatus ?? 'RUNNING',
        desiredStatus: live.lastStatus ?? 'RUNNING',
        launchType: ec2Launch ? 'EC2' : 'FARGATE',
        group: ec2Launch ? 'family:batch-worker' : `service:${SERVICE}`,
        taskDefinitionArn: TASK_DEFINITION,
        ...(ec2Launch ? { containerInstanceArn: CONTAINER_INSTANCE } : {}),
        // Shape of a real DescribeTasks answer for an awsvpc task.
        attachments: ec2Launch
          ? []
          : [
              {
                id: 'c7b1b6e0-1111-4a4a-9b9b-222233334444',
                type: 'ElasticNetworkInterface',
                status: 'ATTACHED',
                details: [
                  { name: 'subnetId', value: 'subnet-0123456789abcdef0' },
                  { name: 'networkInterfaceId', value: ENI },
                  { name: 'macAddress', value: '0a:1b:2c:3d:4e:5f' },
                  { name: 'privateIPv4Address', value: '10.0.1.23' },
                ],
              },
            ],
        tags: live.taskTags ?? [{ key: 'team', value: 'payments' }],
      },
    ],
    failures: [],
  });
  mocks.ecs.on(DescribeClustersCommand).resolves({
    clusters: [{ clusterArn: CLUSTER, clusterName: 'payments', tags: live.clusterTags ?? [] }],
  });
  mocks.ecs.on(DescribeServicesCommand).resolves({
    services: [{ serviceArn: SERVICE_ARN, serviceName: SERVICE, tags: live.serviceTags ?? [] }],
    failures: [],
  });
  mocks.ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      taskDefinitionArn: TASK_DEFINITION,
      ...(live.taskRole === false ? {} : { taskRoleArn: ROLE_ARN }),
    },
  });
  mocks.ecs.on(DescribeContainerInstancesCommand).resolves({
    containerInstances: [{ containerInstanceArn: CONTAINER_INSTANCE, ec2InstanceId: INSTANCE_ID }],
  });
  mocks.ec2.onAnyCommand().resolves({});
  mocks.ec2
    .on(DescribeNetworkInterfacesCommand)
    .callsFake((input: DescribeNetworkInterfacesCommandInput) => ({
      NetworkInterfaces: (input.NetworkInterfaceIds ?? []).map((id) => ({
        NetworkInterfaceId: id,
        VpcId: VPC_A,
        Groups: (live.groups ?? [APP_GROUP]).map((GroupId) => ({ GroupId })),
        // A captured Fargate ENI: Description arn:aws:ecs:...:attachment/..., RequesterId 628676013162.
        RequesterManaged: live.requesterManaged ?? true,
        ...(live.requesterManaged === false ? {} : { RequesterId: '628676013162' }),
      })),
    }));
  mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [cleanGroup(VPC_A, 'quarantine'), cleanGroup(VPC_A, 'passthrough')],
  });
  mocks.ec2
    .on(DescribeInstancesCommand)
    .resolves(instanceReply({ enis: [INSTANCE_ENI], tags: live.instanceTags ?? [] }));
  mocks.iam.onAnyCommand().resolves({});
  mocks.iam.on(GetRoleCommand).resolves({
    Role: {
      RoleName: ROLE,
      Arn: ROLE_ARN,
      Path: '/',
      RoleId: 'AROAEXAMPLEROLEID0002',
      CreateDate: new Date(),
      Tags: live.roleTags ?? [],
    },
  });
}
