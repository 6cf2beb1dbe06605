import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler } from '../../../lambdas/isolate-ecs-task';
import asffFixture from '../../fixtures/securityhub/ecs-task-action.json';
import { createMocks, publishedOutcomes, sentActions } from '../../support/aws';
import { APP_GROUP, arrange, CLUSTER, ENI, fargateEvent, QUARANTINE, TASK } from './support';

const mocks = createMocks();

beforeEach(() => {
  arrange(mocks, { requesterManaged: false });
});

type GuardDutyEvent = ReturnType<typeof fargateEvent>;

/** The Fargate finding with one change. */
function gd(change: (e: GuardDutyEvent) => void): GuardDutyEvent {
  const event = fargateEvent();
  change(event);
  return event;
}

/** The Security Hub custom action with one change. */
function sh(change: (e: typeof asffFixture) => void = () => {}): typeof asffFixture {
  const event = structuredClone(asffFixture);
  change(event);
  return event;
}

const DETAILS = 'detail.resource.ecsClusterDetails';

describe('isolate-ecs-task: bad input', () => {
  it.each([
    [
      'a task ARN that is not one',
      gd((e) => {
        e.detail.resource.ecsClusterDetails.taskDetails.arn = 'task/payments/not-an-id';
      }),
      `${DETAILS}.taskDetails.arn`,
    ],
    [
      'a task ARN of another account',
      gd((e) => {
        e.detail.resource.ecsClusterDetails.taskDetails.arn = TASK.replace(
          '222222222222',
          '999999999999',
        );
      }),
      `${DETAILS}.taskDetails.arn`,
    ],
    [
      'a cluster ARN of another region',
      gd((e) => {
        e.detail.resource.ecsClusterDetails.arn = CLUSTER.replace('us-east-1', 'eu-west-1');
      }),
      `${DETAILS}.arn`,
    ],
    [
      'a task of another cluster than the finding’s',
      gd((e) => {
        e.detail.resource.ecsClusterDetails.taskDetails.arn = TASK.replace('/payments/', '/other/');
      }),
      `${DETAILS}.taskDetails.arn`,
    ],
    [
      'a Security Hub task ARN of another account',
      sh((e) => {
        const task = e.detail.findings[0]?.Resources[0];
        if (task) task.Id = task.Id.replace('222222222222', '999999999999');
      }),
      'detail.findings[0].Resources[0].Id',
    ],
  ])('rejects %s naming the field, with no AWS call at all', async (_title, event, path) => {
    // Act
    const error = await handler(event).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    // Assert
    expect(error?.name).toBe('InvalidEventError');
    expect(error?.message.startsWith(path)).toBe(true);
    expect(sentActions(mocks)).toEqual([]);
  });
});

describe('isolate-ecs-task: a finding that names no task', () => {
  it('escalates a cluster-only finding with high priority, without entering the member account', async () => {
    // Arrange
    const event = gd((e) => {
      delete (e.detail.resource.ecsClusterDetails as { taskDetails?: unknown }).taskDetails;
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'escalated', resource: CLUSTER });
    expect(outcomes[0]?.reason).toMatch(/no task to contain/);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(publishedOutcomes(mocks).map((o) => o.status)).toEqual(['escalated']);
  });

  it('escalates a Security Hub finding that names only the cluster', async () => {
    // Arrange
    const event = sh((e) => {
      const finding = e.detail.findings[0];
      if (finding) finding.Resources = finding.Resources.slice(1);
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'escalated', resource: CLUSTER });
  });
});

describe('isolate-ecs-task: Security Hub custom action', () => {
  it('contains the AwsEcsTask of the finding in its cluster', async () => {
    // Act
    const { outcomes } = await handler(sh());

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained', resource: TASK });
    expect(outcomes[0]?.steps.map((s) => s.target)).toContain(
      `${ENI} (${APP_GROUP} -> ${QUARANTINE})`,
    );
  });

  it('answers several findings of one event: the task once for both that name it, the cluster-only one escalated', async () => {
    // Arrange: an analyst selected three findings: the task's, a second one on the same task, and
    // one that names only the cluster.
    const event = sh((e) => {
      const [first] = e.detail.findings;
      if (!first) throw new Error('fixture without a finding');
      const again = { ...structuredClone(first), Id: `${first.Id}-again` };
      const clusterOnly = {
        ...structuredClone(first),
        Id: `${first.Id}-cluster`,
        Resources: first.Resources.filter((r) => r.Type === 'AwsEcsCluster'),
      };
      e.detail.findings = [first, again, clusterOnly];
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes.map((o) => o.status)).toEqual(['contained', 'contained', 'escalated']);
    expect(outcomes[2]?.reason).toMatch(/no task to contain/);
    expect(sentActions(mocks).filter((a) => a === 'ecs:DescribeTasks')).toHaveLength(1);
    expect(publishedOutcomes(mocks)).toHaveLength(3);
  });

  it('takes the cluster from a new-format task ARN when the details do not name it', async () => {
    // Arrange
    const event = sh((e) => {
      const task = e.detail.findings[0]?.Resources[0];
      if (task) delete (task as { Details?: unknown }).Details;
    });

    // Act
    const { outcomes } = await handler(event);

    // Assert
    expect(outcomes[0]).toMatchObject({ status: 'contained', resource: TASK });
  });
});
