import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  ModifyDBClusterSnapshotAttributeCommand,
  ModifyDBSnapshotAttributeCommand,
} from '@aws-sdk/client-rds';
import { handler } from '../../../lambdas/make-rds-snapshot-private';
import { awsError, createMocks, inputsOf, resetAll } from '../../support/aws';
import { type LedgerServer, useLedger } from '../../support/ledger';
import { cli, stored } from '../../support/release';
import {
  ACCOUNT,
  answerSnapshot,
  CLUSTER_SNAPSHOT,
  CONFIG_FINDING,
  CONFIG_RULES,
  clusterConfigEvent,
  configEvent,
  REGION,
  rds,
  SHARED_WITH,
  SNAPSHOT,
} from './support';

const mocks = createMocks();
let ledger: LedgerServer;
useLedger((l) => {
  ledger = l;
  resetAll(mocks, { CONFIG_RULES, LEDGER_TABLE_NAME: l.table.tableName });
  rds.reset();
});

/** Makes the snapshot private, then answers its attribute as the containment left it. */
async function contain(event = configEvent()): Promise<void> {
  answerSnapshot();
  await handler(event);
  rds.reset();
  answerSnapshot({ restore: [SHARED_WITH] });
}

describe('release make-rds-snapshot-private', () => {
  it('keeps the removed public permission in the ledger', async () => {
    await contain();

    const item = await stored(ledger, CONFIG_FINDING, 'make-rds-snapshot-private');
    expect(item).toMatchObject({ status: 'contained', accountId: ACCOUNT, region: REGION });
    expect(item?.before).toEqual({
      kind: 'make-rds-snapshot-private',
      region: REGION,
      snapshotType: 'snapshot',
      identifier: SNAPSHOT,
      removed: ['all'],
    });
  });

  it('plans without changing anything by default', async () => {
    await contain();

    const { code, out } = await cli(mocks, ledger, ['release', CONFIG_FINDING]);

    expect(code).toBe(0);
    expect(out).toContain(`[planned] rds:ModifyDBSnapshotAttribute ${SNAPSHOT}`);
    expect(out).toContain('restorable by any AWS account again');
    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand)).toHaveLength(0);
  });

  it('adds all back with --apply, leaves the shared accounts alone, and records it', async () => {
    await contain();

    const { code, err } = await cli(mocks, ledger, ['release', CONFIG_FINDING, '--apply']);

    expect([code, err]).toEqual([0, '']);
    expect(inputsOf(rds, DescribeDBSnapshotAttributesCommand)).toEqual([
      { DBSnapshotIdentifier: SNAPSHOT },
    ]);
    expect(inputsOf(rds, ModifyDBSnapshotAttributeCommand)).toEqual([
      { DBSnapshotIdentifier: SNAPSHOT, AttributeName: 'restore', ValuesToAdd: ['all'] },
    ]);
    expect((await stored(ledger, CONFIG_FINDING, 'make-rds-snapshot-private'))?.status).toBe(
      'released',
    );
  });

  it('releases a cluster snapshot with the cluster snapshot API', async () => {
    await contain(clusterConfigEvent());
    const finding = `rds-snapshots-public-prohibited/${CLUSTER_SNAPSHOT}`;

    const { code } = await cli(mocks, ledger, ['release', finding, '--apply']);

    expect(code).toBe(0);
    expect(inputsOf(rds, DescribeDBClusterSnapshotAttributesCommand)).toEqual([
      { DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT },
    ]);
    expect(inputsOf(rds, ModifyDBClusterSnapshotAttributeCommand)).toEqual([
      {
        DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT,
        AttributeName: 'restore',
        ValuesToAdd: ['all'],
      },
    ]);
  });

  it.each([
    ['public again', () => answerSnapshot({ restore: ['all'] }), `${SNAPSHOT} is public again`],
    [
      'deleted',
      () =>
        rds.on(DescribeDBSnapshotAttributesCommand).rejects(awsError('DBSnapshotNotFoundFault')),
      `${SNAPSHOT} no longer exists`,
    ],
  ])('refuses a snapshot %s and changes nothing', async (_case, arrange, message) => {
    await contain();
    arrange();

    const { code, out } = await cli(mocks, ledger, ['release', CONFIG_FINDING, '--apply']);

    expect(code).toBe(1);
    expect(out).toContain(message);
    expect(rds.commandCalls(ModifyDBSnapshotAttributeCommand)).toHaveLength(0);
    expect((await stored(ledger, CONFIG_FINDING, 'make-rds-snapshot-private'))?.status).toBe(
      'contained',
    );
  });

  it('records a refused change as release-failed', async () => {
    await contain();
    rds.on(ModifyDBSnapshotAttributeCommand).rejects(awsError('AccessDenied'));

    const { code } = await cli(mocks, ledger, ['release', CONFIG_FINDING, '--apply']);

    expect(code).toBe(1);
    const item = await stored(ledger, CONFIG_FINDING, 'make-rds-snapshot-private');
    expect(item?.status).toBe('release-failed');
    expect(item?.release?.steps.map((s) => [s.target, s.status])).toEqual([[SNAPSHOT, 'failed']]);
  });
});
