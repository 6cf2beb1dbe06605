import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { handler } from '../../../lambdas/make-rds-snapshot-private';
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
  answerSnapshot,
  CLUSTER_SNAPSHOT,
  CONFIG_FINDING,
  CONFIG_RULES,
  clusterConfigEvent,
  configEvent,
  HUB_FINDING,
  hubEvent,
  REGION,
  rds,
  SNAPSHOT,
  SNAPSHOT_ARN,
  undeclaredRdsActions,
} from './support';

const mocks = createMocks();

const REMOVE_ALL = {
  DBSnapshotIdentifier: SNAPSHOT,
  AttributeName: 'restore',
  ValuesToRemove: ['all'],
};

beforeEach(() => {
  resetAll(mocks, { CONFIG_RULES });
  rds.reset();
});

describe('make-rds-snapshot-private: public DB snapshot (Config)', () => {
  it('removes only all from the restore attribute, keeping the accounts it is shared with', async () => {
    // Arrange
    answerSnapshot();

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]).toMatchObject({
      status: 'contained',
      responder: 'make-rds-snapshot-private',
      findingId: CONFIG_FINDING,
      resource: `${ACCOUNT}/${REGION}/snapshot/${SNAPSHOT}`,
    });
    expect(outcomes[0]?.reason).toBe(
      `made snapshot ${SNAPSHOT} of ${ACCOUNT} in ${REGION} private; still shared with 333333333333`,
    );
    expect(rds.commandCalls(DescribeDBSnapshotsCommand).map((c) => c.args[0].input)).toEqual([
      { DBSnapshotIdentifier: SNAPSHOT },
    ]);
    expect(inputsOf(rds, DescribeDBSnapshotAttributesCommand)).toEqual([
      { DBSnapshotIdentifier: SNAPSHOT },
    ]);
    expect(inputsOf(rds, ModifyDBSnapshotAttributeCommand)).toEqual([REMOVE_ALL]);
    expect(outcomes[0]?.steps.map((s) => [s.action, s.target, s.status])).toEqual([
      ['rds:ModifyDBSnapshotAttribute', SNAPSHOT, 'done'],
    ]);
    expect(undeclaredActions(mocks, 'make-rds-snapshot-private')).toEqual([]);
    expect(undeclaredRdsActions()).toEqual([]);
  });

  it('reads and changes the snapshot in the finding account and region, not the security account', async () => {
    answerSnapshot();

    await handler(configEvent());

    const client = rds.call(0).thisValue as { config: { region: () => Promise<string> } };
    expect(await client.config.region()).toBe(REGION);
  });

  it('reads a Config resource id given as the snapshot ARN the same way', async () => {
    answerSnapshot();
    const event = configEvent();
    event.detail.resourceId = SNAPSHOT_ARN;

    const { outcomes } = await handler(event);

    expect(outcomes[0]?.status).toBe('contained');
    expect(inputsOf(rds, ModifyDBSnapshotAttributeCommand)).toEqual([REMOVE_ALL]);
  });

  it('reports a snapshot private by now, or deleted, without a change', async () => {
    answerSnapshot({ restore: ['333333333333'] });
    const { outcomes: privateNow } = await handler(configEvent());
    rds.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    const { outcomes: deleted } = await handler(configEvent());

    expect(privateNow[0]).toMatchObject({ status: 'contained' });
    expect(privateNow[0]?.reason).toContain('is private now; nothing changed');
    expect(deleted[0]?.reason).toContain('no longer exists; nothing changed');
    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand)).toHaveLength(0);
  });
});

describe('make-rds-snapshot-private: the live read', () => {
  it('sends the tag read and the restore-attribute read together (one round trip)', async () => {
    // Arrange: each read answers only on a later turn, after recording when it started.
    answerSnapshot();
    const events: string[] = [];
    const later = <T>(name: string, answer: T) => {
      events.push(`start ${name}`);
      return new Promise<T>((resolve) =>
        setImmediate(() => {
          events.push(`end ${name}`);
          resolve(answer);
        }),
      );
    };
    rds.on(DescribeDBSnapshotsCommand).callsFake(() =>
      later('tags', {
        DBSnapshots: [{ DBSnapshotIdentifier: SNAPSHOT, TagList: [] }],
      }),
    );
    rds.on(DescribeDBSnapshotAttributesCommand).callsFake(() =>
      later('attributes', {
        DBSnapshotAttributesResult: {
          DBSnapshotAttributes: [{ AttributeName: 'restore', AttributeValues: ['all'] }],
        },
      }),
    );

    // Act
    const { outcomes } = await handler(configEvent());

    // Assert
    expect(outcomes[0]?.status).toBe('contained');
    expect(events.slice(0, 2).sort()).toEqual(['start attributes', 'start tags']);
  });
});

describe('make-rds-snapshot-private: public DB cluster snapshot (Config)', () => {
  it('removes all with the cluster snapshot API', async () => {
    answerSnapshot({ restore: ['all'] });

    const { outcomes } = await handler(clusterConfigEvent());

    expect(outcomes[0]).toMatchObject({ status: 'contained' });
    expect(outcomes[0]?.reason).toBe(
      `made cluster-snapshot ${CLUSTER_SNAPSHOT} of ${ACCOUNT} in ${REGION} private`,
    );
    expect(rds.commandCalls(DescribeDBClusterSnapshotsCommand).map((c) => c.args[0].input)).toEqual(
      [{ DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT }],
    );
    expect(inputsOf(rds, ModifyDBClusterSnapshotAttributeCommand)).toEqual([
      {
        DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT,
        AttributeName: 'restore',
        ValuesToRemove: ['all'],
      },
    ]);
    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand)).toHaveLength(0);
    expect(undeclaredRdsActions()).toEqual([]);
  });
});

describe('make-rds-snapshot-private: Security Hub RDS.1 sent by an analyst', () => {
  it('makes the snapshot of the resource ARN private and resolves the control finding', async () => {
    answerSnapshot();

    const { outcomes } = await handler(hubEvent());

    expect(outcomes[0]).toMatchObject({ status: 'contained', findingId: HUB_FINDING });
    expect(inputsOf(rds, ModifyDBSnapshotAttributeCommand)).toEqual([REMOVE_ALL]);
    expect(inputsOf(mocks.securityhub, BatchUpdateFindingsCommand)[0]?.Workflow).toEqual({
      Status: 'RESOLVED',
    });
  });
});

describe('make-rds-snapshot-private: exception tag present', () => {
  it.each([['SecurityException'], ['securityexception']])(
    'keeps the snapshot public when it carries %s, and reports the ticket',
    async (key) => {
      answerSnapshot({ tags: [{ Key: key, Value: 'SEC-3001;expires=2099-01-31' }] });

      const { outcomes } = await handler(configEvent());

      expect(outcomes[0]).toMatchObject({ status: 'skipped', exception: { ticket: 'SEC-3001' } });
      expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand)).toHaveLength(0);
    },
  );
});

describe('make-rds-snapshot-private: dry-run', () => {
  it('plans the change and makes none', async () => {
    resetAll(mocks, { CONFIG_RULES, DRY_RUN: 'true' });
    answerSnapshot();

    const { outcomes } = await handler(configEvent());

    expect(outcomes[0]?.status).toBe('dry-run');
    expect(outcomes[0]?.reason).toBe(
      `would make snapshot ${SNAPSHOT} of ${ACCOUNT} in ${REGION} private; still shared with 333333333333; nothing changed`,
    );
    expect(outcomes[0]?.steps).toEqual([
      expect.objectContaining({
        action: 'rds:ModifyDBSnapshotAttribute',
        target: SNAPSHOT,
        status: 'planned',
        detail: 'restore: remove all',
      }),
    ]);
    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand)).toHaveLength(0);
  });
});

describe('make-rds-snapshot-private: bad input', () => {
  it('rejects a Config resource id that is no manual snapshot identifier, before any AWS call', async () => {
    const event = configEvent();
    event.detail.resourceId = 'rds:orders-2025-03-14-06-10';

    await expect(handler(event)).rejects.toThrow(
      'detail.resourceId: must name a manual RDS snapshot',
    );

    expect(mocks.sts.calls()).toHaveLength(0);
    expect(rds.calls()).toHaveLength(0);
  });

  it('rejects an identifier longer than the 255 characters RDS allows', async () => {
    const event = configEvent();
    event.detail.resourceId = `a${'-b'.repeat(130)}`;

    await expect(handler(event)).rejects.toThrow(
      'detail.resourceId: must name a manual RDS snapshot',
    );

    expect(rds.calls()).toHaveLength(0);
  });

  it('rejects a snapshot ARN of another account, before any AWS call', async () => {
    const event = configEvent();
    event.detail.resourceId = `arn:aws:rds:${REGION}:333333333333:snapshot:${SNAPSHOT}`;

    await expect(handler(event)).rejects.toThrow(
      'detail.resourceId: names a snapshot in aws/333333333333/eu-west-1, but the finding is for aws/222222222222/eu-west-1',
    );

    expect(rds.calls()).toHaveLength(0);
  });

  it('rejects a Security Hub resource whose ARN names the other snapshot type', async () => {
    const event = hubEvent();
    const resource = event.detail.findings[0]?.Resources[0];
    if (resource) resource.Id = `arn:aws:rds:${REGION}:${ACCOUNT}:cluster-snapshot:${SNAPSHOT}`;

    await expect(handler(event)).rejects.toThrow(
      'detail.findings[0].Resources[0].Id: names a cluster-snapshot, not a AwsRdsDbSnapshot',
    );

    expect(rds.calls()).toHaveLength(0);
  });

  it('ignores a Config rule of this responder that reports another resource type', async () => {
    const event = configEvent();
    event.detail.resourceType = 'AWS::RDS::DBInstance';
    event.detail.resourceId = 'db-ABCDEFGHIJKLMNOPQRSTUVWXY0';

    const { outcomes } = await handler(event);

    expect(outcomes[0]?.status).toBe('ignored');
    expect(outcomes[0]?.reason).toContain('reported a AWS::RDS::DBInstance, not an RDS snapshot');
    expect(rds.calls()).toHaveLength(0);
  });

  it('ignores a Security Hub finding without an RDS snapshot resource', async () => {
    const event = hubEvent();
    const resource = event.detail.findings[0]?.Resources[0];
    if (resource) resource.Type = 'AwsRdsDbInstance';

    const { outcomes } = await handler(event);

    expect(outcomes[0]?.status).toBe('ignored');
    expect(outcomes[0]?.reason).toContain('has no AwsRdsDbSnapshot or AwsRdsDbClusterSnapshot');
    expect(rds.calls()).toHaveLength(0);
  });
});

describe('make-rds-snapshot-private: AWS errors', () => {
  it('does not act when the restore attribute cannot be read (fail closed), and fails the invocation', async () => {
    answerSnapshot();
    rds.on(DescribeDBSnapshotAttributesCommand).rejects(awsError('AccessDenied'));

    await expect(handler(configEvent())).rejects.toThrow(
      `cannot read the tags of snapshot ${SNAPSHOT}: AccessDenied`,
    );

    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand)).toHaveLength(0);
    expect(publishedOutcomes(mocks)[0]?.status).toBe('failed');
  });

  it('fails naming the step when the change is refused', async () => {
    answerSnapshot();
    rds.on(ModifyDBSnapshotAttributeCommand).rejects(awsError('AccessDenied'));

    await expect(handler(configEvent())).rejects.toThrow('AccessDenied');

    const [failed] = publishedOutcomes(mocks);
    expect(failed?.status).toBe('failed');
    expect(failed?.steps.map((s) => [s.action, s.target, s.status])).toEqual([
      ['rds:ModifyDBSnapshotAttribute', SNAPSHOT, 'failed'],
    ]);
  });
});
