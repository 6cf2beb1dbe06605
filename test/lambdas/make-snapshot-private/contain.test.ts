import { DescribeSnapshotsCommand, ModifySnapshotAttributeCommand } from '@aws-sdk/client-ec2';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { handler } from '../../../lambdas/make-snapshot-private';
import {
  awsError,
  createMocks,
  inputsOf,
  publishedOutcomes,
  resetAll,
  undeclaredActions,
} from '../../support/aws';
import {
  ACCOUNT,
  answerSnapshots,
  CONFIG_FINDING,
  CONFIG_RULES,
  configEvent,
  EXCEPTED,
  HUB_FINDING,
  hubEvent,
  PUBLIC,
  REGION,
} from './support';

const mocks = createMocks();

const REMOVE_ALL = (id: string) => ({
  SnapshotId: id,
  Attribute: 'createVolumePermission',
  OperationType: 'remove',
  GroupNames: ['all'],
});

beforeEach(() => {
  resetAll(mocks, { CONFIG_RULES });
});

describe('make-snapshot-private: account with public snapshots (Config)', () => {
  it('lists the public snapshots it owns and removes the group all from each', async () => {
    // Arrange
    answerSnapshots(mocks, [{ id: PUBLIC }, { id: 'snap-0123456789abcdef0' }]);

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      responder: 'make-snapshot-private',
      findingId: CONFIG_FINDING,
      resource: `${ACCOUNT}/${REGION}/snapshots`,
    });
    expect(mocks.ec2.commandCalls(DescribeSnapshotsCommand).map((c) => c.args[0].input)).toEqual([
      { OwnerIds: ['self'], RestorableByUserIds: ['all'], MaxResults: 1000 },
    ]);
    expect(inputsOf(mocks.ec2, ModifySnapshotAttributeCommand)).toEqual([
      REMOVE_ALL(PUBLIC),
      REMOVE_ALL('snap-0123456789abcdef0'),
    ]);
    expect(outcomes[0]?.steps.map((s) => [s.action, s.target, s.status])).toEqual([
      ['ec2:ModifySnapshotAttribute', PUBLIC, 'done'],
      ['ec2:ModifySnapshotAttribute', 'snap-0123456789abcdef0', 'done'],
    ]);
    expect(undeclaredActions(mocks, 'make-snapshot-private')).toEqual([]);
  });

  it('reads the snapshots in the finding account and region, not the security account', async () => {
    answerSnapshots(mocks);

    await handler(configEvent());

    const client = mocks.ec2.call(0).thisValue as { config: { region: () => Promise<string> } };
    expect(await client.config.region()).toBe(REGION);
  });

  it('reports an account that owns no public snapshot any more without a change', async () => {
    answerSnapshots(mocks, []);

    const { outcomes } = await handler(configEvent());

    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toContain('owns no public snapshot now; nothing changed');
    expect(mocks.ec2.commandCalls(ModifySnapshotAttributeCommand)).toHaveLength(0);
  });
});

describe('make-snapshot-private: Security Hub EC2.1 sent by an analyst', () => {
  it('makes the account snapshots private and resolves the control finding', async () => {
    answerSnapshots(mocks);

    const { outcomes } = await handler(hubEvent());

    expect(outcomes[0]).toMatchObject({ status: 'contained', findingId: HUB_FINDING });
    expect(inputsOf(mocks.ec2, ModifySnapshotAttributeCommand)).toEqual([REMOVE_ALL(PUBLIC)]);
    expect(inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)[0]?.Workflow).toEqual({
      Status: 'RESOLVED',
    });
  });
});

describe('make-snapshot-private: exception tag present', () => {
  it('keeps an excepted snapshot public, makes the others private and says which', async () => {
    answerSnapshots(mocks, [
      { id: EXCEPTED, tags: [{ Key: 'securityexception', Value: 'SEC-2001' }] },
      { id: PUBLIC },
    ]);

    const { outcomes } = await handler(configEvent());

    expect(outcomes[0]?.status).toBe('contained');
    expect(outcomes[0]?.reason).toContain(`kept public: ${EXCEPTED}`);
    expect(outcomes[0]?.reason).toContain('SEC-2001');
    expect(inputsOf(mocks.ec2, ModifySnapshotAttributeCommand)).toEqual([REMOVE_ALL(PUBLIC)]);
  });

  it('skips when every public snapshot carries the exception, and reports the ticket', async () => {
    answerSnapshots(mocks, [
      { id: EXCEPTED, tags: [{ Key: 'SecurityException', Value: 'SEC-2001' }] },
    ]);

    const { outcomes } = await handler(configEvent());

    expect(outcomes[0]).toMatchObject({ status: 'skipped', exception: { ticket: 'SEC-2001' } });
    expect(mocks.ec2.commandCalls(ModifySnapshotAttributeCommand)).toHaveLength(0);
  });
});

describe('make-snapshot-private: dry-run', () => {
  it('plans one change per public snapshot and makes none', async () => {
    resetAll(mocks, { CONFIG_RULES, DRY_RUN: 'true' });
    answerSnapshots(mocks);

    const { outcomes } = await handler(configEvent());

    expect(outcomes[0]?.status).toBe('dry-run');
    expect(outcomes[0]?.reason).toContain(
      `would make 1 public snapshot(s) of ${ACCOUNT} in ${REGION} private (${PUBLIC})`,
    );
    expect(outcomes[0]?.steps).toEqual([
      expect.objectContaining({
        action: 'ec2:ModifySnapshotAttribute',
        target: PUBLIC,
        status: 'planned',
      }),
    ]);
    expect(mocks.ec2.commandCalls(ModifySnapshotAttributeCommand)).toHaveLength(0);
  });
});

describe('make-snapshot-private: bad input', () => {
  it('rejects a Config evaluation whose resource is not the evaluated account, before any AWS call', async () => {
    const event = configEvent();
    event.detail.resourceId = '333333333333';

    await expect(handler(event)).rejects.toThrow(
      'detail.resourceId: must be the evaluated account 222222222222',
    );

    expect(mocks.sts.calls()).toHaveLength(0);
    expect(mocks.ec2.calls()).toHaveLength(0);
  });

  it('rejects a Security Hub account resource of another account', async () => {
    const event = hubEvent();
    const resource = event.detail.findings[0]?.Resources[0];
    if (resource) resource.Id = 'AWS::::Account:333333333333';

    await expect(handler(event)).rejects.toThrow(
      'detail.findings[0].Resources[0].Id: must be AWS::::Account:222222222222',
    );

    expect(mocks.ec2.calls()).toHaveLength(0);
  });

  it('ignores a Config rule of this responder that reports another resource type', async () => {
    const event = configEvent();
    event.detail.resourceType = 'AWS::EC2::Volume';
    event.detail.resourceId = 'vol-0123456789abcdef0';

    const { outcomes } = await handler(event);

    expect(outcomes[0]?.status).toBe('ignored');
    expect(outcomes[0]?.reason).toContain('reported a AWS::EC2::Volume, not an account');
    expect(mocks.ec2.calls()).toHaveLength(0);
  });
});

describe('make-snapshot-private: AWS errors', () => {
  it('does not act when the snapshots cannot be listed (fail closed), and fails the invocation', async () => {
    answerSnapshots(mocks);
    mocks.ec2.on(DescribeSnapshotsCommand).rejects(awsError('UnauthorizedOperation'));

    await expect(handler(configEvent())).rejects.toThrow(
      'cannot read the tags of the snapshots of 222222222222 in eu-west-1',
    );

    expect(mocks.ec2.commandCalls(ModifySnapshotAttributeCommand)).toHaveLength(0);
    expect(publishedOutcomes(mocks)[0]?.status).toBe('failed');
  });

  it('makes the other snapshots private when one change fails, then fails naming it', async () => {
    answerSnapshots(mocks, [{ id: PUBLIC }, { id: 'snap-0123456789abcdef0' }]);
    mocks.ec2
      .on(ModifySnapshotAttributeCommand, { SnapshotId: PUBLIC })
      .rejects(awsError('UnauthorizedOperation'));

    await expect(handler(configEvent())).rejects.toThrow(
      `made 1 of 2 public snapshot(s) of ${ACCOUNT} in ${REGION} private; failed: ${PUBLIC}: UnauthorizedOperation`,
    );

    expect(mocks.ec2.commandCalls(ModifySnapshotAttributeCommand)).toHaveLength(2);
    const [failed] = publishedOutcomes(mocks);
    expect(failed?.status).toBe('failed');
    expect(failed?.steps.map((s) => [s.target, s.status])).toEqual([
      [PUBLIC, 'failed'],
      ['snap-0123456789abcdef0', 'done'],
    ]);
  });
});
