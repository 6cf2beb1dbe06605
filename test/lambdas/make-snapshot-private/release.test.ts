import {
  DescribeSnapshotAttributeCommand,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { handler } from '../../../lambdas/make-snapshot-private';
import { awsError, createMocks, inputsOf, resetAll } from '../../support/aws';
import { forgetLedger, type LedgerServer, startLedger } from '../../support/ledger';
import { cli, stored } from '../../support/release';
import {
  ACCOUNT,
  answerSnapshots,
  CONFIG_FINDING,
  CONFIG_RULES,
  configEvent,
  PUBLIC,
  REGION,
} from './support';

const mocks = createMocks();
const OTHER = 'snap-0123456789abcdef0';
let ledger: LedgerServer;

/** Makes two snapshots private, then answers their attributes as the containment left them. */
async function contain(): Promise<void> {
  answerSnapshots(mocks, [{ id: PUBLIC }, { id: OTHER }]);
  await handler(configEvent());
  mocks.ec2.reset();
  mocks.ec2.on(ModifySnapshotAttributeCommand).resolves({});
  mocks.ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [] });
}

beforeEach(async () => {
  ledger = await startLedger();
  resetAll(mocks, { CONFIG_RULES, LEDGER_TABLE_NAME: ledger.table.tableName });
});
afterEach(async () => {
  await ledger.stop();
  forgetLedger();
});

describe('release make-snapshot-private', () => {
  it('keeps the public permission removed from each snapshot in the ledger', async () => {
    await contain();

    const item = await stored(ledger, CONFIG_FINDING, 'make-snapshot-private');
    expect(item).toMatchObject({ status: 'contained', accountId: ACCOUNT, region: REGION });
    expect(item?.before).toEqual({
      kind: 'make-snapshot-private',
      region: REGION,
      snapshots: [
        { snapshotId: PUBLIC, groups: ['all'] },
        { snapshotId: OTHER, groups: ['all'] },
      ],
    });
  });

  it('plans without changing anything by default', async () => {
    await contain();

    const { code, out } = await cli(mocks, ledger, ['release', CONFIG_FINDING]);

    expect(code).toBe(0);
    expect(out).toContain(`[planned] ec2:ModifySnapshotAttribute ${PUBLIC}`);
    expect(out).toContain('restorable by anyone again');
    expect(mocks.ec2.commandCalls(ModifySnapshotAttributeCommand)).toHaveLength(0);
  });

  it('gives each snapshot its public permission back with --apply, and records it', async () => {
    await contain();

    const { code, err } = await cli(mocks, ledger, ['release', CONFIG_FINDING, '--apply']);

    expect([code, err]).toEqual([0, '']);
    expect(inputsOf(mocks.ec2, DescribeSnapshotAttributeCommand)).toEqual([
      { SnapshotId: PUBLIC, Attribute: 'createVolumePermission' },
      { SnapshotId: OTHER, Attribute: 'createVolumePermission' },
    ]);
    expect(inputsOf(mocks.ec2, ModifySnapshotAttributeCommand)).toEqual(
      [PUBLIC, OTHER].map((id) => ({
        SnapshotId: id,
        Attribute: 'createVolumePermission',
        OperationType: 'add',
        GroupNames: ['all'],
      })),
    );
    expect((await stored(ledger, CONFIG_FINDING, 'make-snapshot-private'))?.status).toBe(
      'released',
    );
  });

  it('refuses when a snapshot is gone or public again, and changes nothing', async () => {
    await contain();
    mocks.ec2
      .on(DescribeSnapshotAttributeCommand, { SnapshotId: PUBLIC })
      .rejects(awsError('InvalidSnapshot.NotFound'));
    mocks.ec2
      .on(DescribeSnapshotAttributeCommand, { SnapshotId: OTHER })
      .resolves({ CreateVolumePermissions: [{ Group: 'all' }] });

    const { code, out } = await cli(mocks, ledger, ['release', CONFIG_FINDING, '--apply']);

    expect(code).toBe(1);
    expect(out).toContain(`${PUBLIC} no longer exists`);
    expect(out).toContain(`${OTHER} is public again`);
    expect(mocks.ec2.commandCalls(ModifySnapshotAttributeCommand)).toHaveLength(0);
    expect((await stored(ledger, CONFIG_FINDING, 'make-snapshot-private'))?.status).toBe(
      'contained',
    );
  });

  it('records a failed step as release-failed', async () => {
    await contain();
    mocks.ec2
      .on(ModifySnapshotAttributeCommand, { SnapshotId: OTHER })
      .rejects(awsError('UnauthorizedOperation'));

    const { code } = await cli(mocks, ledger, ['release', CONFIG_FINDING, '--apply']);

    expect(code).toBe(1);
    const item = await stored(ledger, CONFIG_FINDING, 'make-snapshot-private');
    expect(item?.status).toBe('release-failed');
    expect(item?.release?.steps.map((s) => [s.target, s.status])).toEqual([
      [PUBLIC, 'done'],
      [OTHER, 'failed'],
    ]);
  });
});
