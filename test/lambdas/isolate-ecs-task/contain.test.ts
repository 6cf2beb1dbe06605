import {
  CreateSnapshotsCommand,
  DescribeNetworkInterfacesCommand,
  ModifyNetworkInterfaceAttributeCommand,
  type ModifyNetworkInterfaceAttributeCommandInput,
} from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTasksCommand } from '@aws-sdk/client-ecs';
import {
  GetRoleCommand,
  PutRolePolicyCommand,
  type PutRolePolicyCommandInput,
} from '@aws-sdk/client-iam';
import { handler } from '../../../lambdas/isolate-ecs-task';
import { ResponseFailedError } from '../../../lambdas/shared/errors';
import {
  awsError,
  createMocks,
  inputsOf,
  publishedOutcomes,
  sentActions,
  undeclaredActions,
} from '../../support/aws';
import {
  APP_GROUP,
  arrange as arrangeTask,
  CLUSTER,
  ENI,
  ec2Event,
  fargateEvent,
  INSTANCE_ENI,
  INSTANCE_ID,
  type LiveTaskSpec,
  PASSTHROUGH,
  QUARANTINE,
  ROLE,
  ROLE_ARN,
  SERVICE,
  TASK,
} from './support';

const mocks = createMocks();
const arrange = (live: LiveTaskSpec = {}, env: Record<string, string> = {}) =>
  arrangeTask(mocks, live, env);

const moves = () =>
  inputsOf<ModifyNetworkInterfaceAttributeCommandInput>(
    mocks.ec2,
    ModifyNetworkInterfaceAttributeCommand,
  );
const mutating = () =>
  sentActions(mocks).filter((a) => /^(ec2|iam):/.test(a) && !/:(Describe|Get)/.test(a));

describe('isolate-ecs-task: Fargate task whose interface AWS lets us change', () => {
  it('revokes the task role’s older sessions and moves the interface through passthrough to quarantine', async () => {
    // Arrange
    arrange({ requesterManaged: false });
    const before = Date.now();

    // Act
    const { outcomes } = await handler(fargateEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained', resource: TASK });
    expect(moves()).toEqual([
      { NetworkInterfaceId: ENI, Groups: [PASSTHROUGH] },
      { NetworkInterfaceId: ENI, Groups: [QUARANTINE] },
    ]);
    const [put] = inputsOf<PutRolePolicyCommandInput>(mocks.iam, PutRolePolicyCommand);
    expect(put).toMatchObject({ RoleName: ROLE, PolicyName: 'AWSRevokeOlderSessions' });
    const cut = JSON.parse(put?.PolicyDocument ?? '{}').Statement[0].Condition.DateLessThan[
      'aws:TokenIssueTime'
    ];
    expect(Date.parse(cut)).toBeGreaterThanOrEqual(before - 1000);
    expect(inputsOf(mocks.ecs, DescribeTasksCommand)).toEqual([
      { cluster: CLUSTER, tasks: [TASK], include: ['TAGS'] },
    ]);
    expect(inputsOf(mocks.ecs, DescribeServicesCommand)).toEqual([
      { cluster: CLUSTER, services: [SERVICE], include: ['TAGS'] },
    ]);
    // No instance to snapshot or tag: only the moves and the revoke change anything.
    expect(mutating().sort()).toEqual([
      'ec2:ModifyNetworkInterfaceAttribute',
      'ec2:ModifyNetworkInterfaceAttribute',
      'iam:PutRolePolicy',
    ]);
    expect(undeclaredActions(mocks, 'isolate-ecs-task')).toEqual([]);
  });

  it('moves nothing again on a repeated finding: the interface is already only in quarantine', async () => {
    // Arrange
    arrange({ requesterManaged: false, groups: [QUARANTINE] });

    // Act
    const { outcomes } = await handler(fargateEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toMatch(/1 task interface\(s\) already only in quarantine/);
    expect(moves()).toEqual([]);
    // A running task keeps receiving fresh role credentials: the revoke is renewed on purpose.
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(1);
  });
});

describe('isolate-ecs-task: Fargate task with requester-managed interfaces only (real AWS)', () => {
  it('revokes the sessions, leaves the interface alone and escalates with the commands to finish', async () => {
    // Arrange
    arrange();

    // Act
    const { outcomes } = await handler(fargateEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('escalated');
    expect(outcomes[0]?.reason).toMatch(/network is NOT isolated/);
    expect(outcomes[0]?.reason).toMatch(new RegExp(`${ENI} not isolated: requester-managed`));
    expect(outcomes[0]?.reason).toContain(`aws ecs stop-task --cluster ${CLUSTER} --task ${TASK}`);
    expect(outcomes[0]?.reason).toContain(`--service ${SERVICE}`);
    expect(outcomes[0]?.steps.filter((st) => !st.action.startsWith('securityhub:'))).toEqual([
      expect.objectContaining({ action: 'iam:PutRolePolicy', target: ROLE_ARN, status: 'done' }),
    ]);
    expect(moves()).toEqual([]);
    expect(mocks.ecs.calls().map((c) => c.args[0].constructor.name)).not.toContain(
      'StopTaskCommand',
    );
    expect(publishedOutcomes(mocks)[0]?.status).toBe('escalated');
  });
});

describe('isolate-ecs-task: task on an EC2 container instance', () => {
  it('isolates the instance with isolate-ec2’s containment and revokes the task role’s sessions', async () => {
    // Arrange
    arrange({ launch: 'EC2' });

    // Act
    const { outcomes } = await handler(ec2Event());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toContain(`container instance ${INSTANCE_ID}: isolated`);
    expect(moves()).toEqual([
      { NetworkInterfaceId: INSTANCE_ENI.id, Groups: [PASSTHROUGH] },
      { NetworkInterfaceId: INSTANCE_ENI.id, Groups: [QUARANTINE] },
    ]);
    expect(mocks.ec2.commandCalls(CreateSnapshotsCommand)).toHaveLength(1);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(1);
    expect(undeclaredActions(mocks, 'isolate-ecs-task')).toEqual([]);
  });

  it('fails, naming the interface left open, when an ECS-created interface of the instance cannot be moved', async () => {
    // Arrange: isolate-ec2 cannot tell a requester-managed interface from DescribeInstances.
    arrange({ launch: 'EC2' });
    mocks.ec2
      .on(ModifyNetworkInterfaceAttributeCommand)
      .rejects(
        awsError('AuthFailure', 'You do not have permission to access the specified resource.'),
      );

    // Act
    const act = handler(ec2Event());

    // Assert
    await expect(act).rejects.toBeInstanceOf(ResponseFailedError);
    const [outcome] = publishedOutcomes(mocks);
    expect(outcome?.status).toBe('failed');
    expect(outcome?.reason).toMatch(
      new RegExp(`${INSTANCE_ENI.id} in its own groups, not isolated`),
    );
  });

  it('fails, and says the instance was isolated meanwhile, when the task role’s tags cannot be read', async () => {
    // Arrange: the instance's isolation runs beside the role read (one round trip fewer).
    arrange({ launch: 'EC2' });
    mocks.iam.on(GetRoleCommand).rejects(awsError('AccessDenied'));

    // Act
    const act = handler(ec2Event());

    // Assert
    await expect(act).rejects.toBeInstanceOf(ResponseFailedError);
    const [outcome] = publishedOutcomes(mocks);
    expect(outcome?.status).toBe('failed');
    expect(outcome?.reason).toMatch(
      new RegExp(`container instance ${INSTANCE_ID} was isolated meanwhile`),
    );
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
  });

  it('skips the instance’s isolation when the instance carries the exception, and escalates', async () => {
    // Arrange
    arrange({ launch: 'EC2', instanceTags: [{ Key: 'SecurityException', Value: 'CHG-7' }] });

    // Act
    const { outcomes } = await handler(ec2Event());

    // Assert
    expect(outcomes[0]?.status).toBe('escalated');
    expect(outcomes[0]?.reason).toMatch(/CHG-7/);
    expect(moves()).toEqual([]);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(1);
  });
});

describe('isolate-ecs-task: exception tag (checked in code: IAM cannot see it on the EC2 calls)', () => {
  const cases: [string, LiveTaskSpec][] = [
    ['task', { taskTags: [{ key: 'securityexception', value: 'CHG-1' }] }],
    ['service', { serviceTags: [{ key: 'SecurityException', value: 'CHG-1' }] }],
    ['cluster', { clusterTags: [{ key: 'SECURITYEXCEPTION', value: 'CHG-1' }] }],
  ];
  it.each(cases)('skips everything when the %s carries it, any letter case', async (_, live) => {
    // Arrange
    arrange({ requesterManaged: false, ...live });

    // Act
    const { outcomes } = await handler(fargateEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'skipped', exception: { ticket: 'CHG-1' } });
    expect(mutating()).toEqual([]);
  });

  it('isolates the network but does not revoke when only the task role carries it', async () => {
    // Arrange
    arrange({ requesterManaged: false, roleTags: [{ Key: 'SecurityException', Value: 'CHG-2' }] });

    // Act
    const { outcomes } = await handler(fargateEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toMatch(/its sessions are not revoked/);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
    expect(moves()).toHaveLength(2);
  });
});

describe('isolate-ecs-task: dry-run', () => {
  it('plans the revoke and the moves and changes nothing', async () => {
    // Arrange
    arrange({ requesterManaged: false }, { DRY_RUN: 'true' });

    // Act
    const { outcomes } = await handler(fargateEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(outcomes[0]?.steps.map((s) => `${s.status} ${s.action}`)).toEqual([
      'planned iam:PutRolePolicy',
      'planned ec2:ModifyNetworkInterfaceAttribute',
      'planned ec2:ModifyNetworkInterfaceAttribute',
    ]);
    expect(mutating()).toEqual([]);
  });

  it('plans the container instance’s isolation too, changing nothing', async () => {
    // Arrange
    arrange({ launch: 'EC2' }, { DRY_RUN: 'true' });

    // Act
    const { outcomes } = await handler(ec2Event());

    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(outcomes[0]?.steps.map((s) => s.action)).toContain('ec2:CreateSnapshots');
    expect(mutating()).toEqual([]);
  });
});

describe('isolate-ecs-task: the task is not there to contain', () => {
  it('escalates a STOPPED task with nothing changed', async () => {
    // Arrange
    arrange({ lastStatus: 'STOPPED' });

    // Act
    const { outcomes } = await handler(fargateEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('escalated');
    expect(outcomes[0]?.reason).toMatch(/already STOPPED.*nothing changed/);
    expect(mutating()).toEqual([]);
    expect(mocks.ec2.commandCalls(DescribeNetworkInterfacesCommand)).toHaveLength(0);
  });

  it('fails with a clear reason and changes nothing when DescribeTasks is denied', async () => {
    // Arrange
    arrange();
    mocks.ecs.on(DescribeTasksCommand).rejects(awsError('AccessDeniedException'));

    // Act
    const act = handler(fargateEvent());

    // Assert
    await expect(act).rejects.toBeInstanceOf(ResponseFailedError);
    const [outcome] = publishedOutcomes(mocks);
    expect(outcome?.status).toBe('failed');
    expect(outcome?.reason).toMatch(new RegExp(`${TASK}.*AccessDeniedException`));
    expect(mutating()).toEqual([]);
  });

  it('logs each move with the interface’s groups before it', async () => {
    // Arrange
    arrange({ requesterManaged: false });

    // Act
    const { outcomes } = await handler(fargateEvent());

    // Assert
    expect(outcomes[0]?.steps.map((s) => s.target)).toContain(
      `${ENI} (${APP_GROUP} -> ${PASSTHROUGH})`,
    );
  });
});
