import {
  AddTagsToResourceCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBSnapshotsCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { loadExceptionTags } from '../../../cli/entry-points';
import { grantException, revokeException } from '../../../cli/grant';
import type { ScanContext } from '../../../lambdas/shared/exception-tags';
import { awsError, createMocks, inputsOf, resetAll } from '../../support/aws';
import {
  ACCOUNT,
  answerSnapshot,
  CLUSTER_SNAPSHOT_ARN,
  REGION,
  rds,
  SNAPSHOT,
  SNAPSHOT_ARN,
} from './support';

// `security-ir grant`, `revoke` and `audit` on RDS snapshots, through this responder's
// exception-tags.ts: the operator tool has no RDS code of its own.

const mocks = createMocks();
const NOW = new Date('2026-03-02T10:00:00Z');
const CONFIG = { exceptionTagKey: 'SecurityException' };

function sink() {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), text: () => chunks.join('') };
}

beforeEach(() => {
  resetAll(mocks);
  rds.reset();
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
  rds.on(AddTagsToResourceCommand).resolves({});
  rds.on(RemoveTagsFromResourceCommand).resolves({});
});

describe('grant on an RDS snapshot', () => {
  it('tags the DB snapshot by its ARN in the ARN region and prints it', async () => {
    // Arrange
    answerSnapshot();
    const out = sink();

    // Act
    const change = await grantException(
      { resource: SNAPSHOT_ARN, ticket: 'CHG-77', expires: '2026-06-30', now: NOW },
      CONFIG,
      out,
    );

    // Assert
    expect(inputsOf(rds, AddTagsToResourceCommand)).toEqual([
      {
        ResourceName: SNAPSHOT_ARN,
        Tags: [{ Key: 'SecurityException', Value: 'CHG-77;expires=2026-06-30' }],
      },
    ]);
    expect(change.resources).toEqual([{ id: SNAPSHOT_ARN, type: 'rds-snapshot' }]);
    expect(out.text()).toContain(
      `Granted SecurityException=CHG-77;expires=2026-06-30 in account ${ACCOUNT}, ${REGION}:`,
    );
    const client = rds.call(0).thisValue as { config: { region: () => Promise<string> } };
    expect(await client.config.region()).toBe(REGION);
  });

  it('tags a cluster snapshot, overwriting the spelling it already carries', async () => {
    answerSnapshot({ tags: [{ Key: 'securityexception', Value: 'OLD-1' }] });

    const change = await grantException(
      { resource: CLUSTER_SNAPSHOT_ARN, ticket: 'CHG-78', now: NOW },
      CONFIG,
      sink(),
    );

    expect(rds.commandCalls(DescribeDBClusterSnapshotsCommand)).toHaveLength(1);
    expect(inputsOf(rds, AddTagsToResourceCommand)).toEqual([
      { ResourceName: CLUSTER_SNAPSHOT_ARN, Tags: [{ Key: 'securityexception', Value: 'CHG-78' }] },
    ]);
    expect(change).toMatchObject({ keys: ['securityexception'], previous: 'OLD-1' });
  });

  it('refuses a snapshot ARN of another account than the credentials, with no change', async () => {
    const other = SNAPSHOT_ARN.replace(ACCOUNT, '999999999999');

    const run = grantException({ resource: other, ticket: 'CHG-1', now: NOW }, CONFIG, sink());

    await expect(run).rejects.toThrow(/is in account 999999999999/);
    expect(rds.calls()).toHaveLength(0);
  });

  it('does not take a bare identifier, which names no snapshot type', async () => {
    const run = grantException({ resource: SNAPSHOT, ticket: 'CHG-1', now: NOW }, CONFIG, sink());

    await expect(run).rejects.toMatchObject({ name: 'UsageError' });
    await expect(run).rejects.toThrow(/an RDS DB snapshot ARN.*an RDS DB cluster snapshot ARN/);
    expect(mocks.sts.calls()).toHaveLength(0);
  });

  it('fails naming the snapshot when it does not exist, with no change', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });

    const run = grantException(
      { resource: SNAPSHOT_ARN, ticket: 'CHG-1', now: NOW },
      CONFIG,
      sink(),
    );

    await expect(run).rejects.toThrow(
      `snapshot ${SNAPSHOT} was not found in this account and region`,
    );
    expect(rds.commandCalls(AddTagsToResourceCommand)).toHaveLength(0);
  });
});

describe('revoke on an RDS snapshot', () => {
  it('removes every letter-case variant of the key', async () => {
    answerSnapshot({
      tags: [
        { Key: 'SecurityException', Value: 'CHG-1' },
        { Key: 'SECURITYEXCEPTION', Value: 'CHG-2' },
        { Key: 'team', Value: 'orders' },
      ],
    });

    const change = await revokeException({ resource: SNAPSHOT_ARN }, CONFIG, sink());

    expect(inputsOf(rds, RemoveTagsFromResourceCommand)).toEqual([
      { ResourceName: SNAPSHOT_ARN, TagKeys: ['SecurityException', 'SECURITYEXCEPTION'] },
    ]);
    expect(change.previous).toBe('CHG-1');
  });

  it('changes nothing on a snapshot without the tag', async () => {
    answerSnapshot();
    const out = sink();

    await revokeException({ resource: SNAPSHOT_ARN }, CONFIG, out);

    expect(rds.commandCalls(RemoveTagsFromResourceCommand)).toHaveLength(0);
    expect(out.text()).toBe(`${SNAPSHOT_ARN} carries no SecurityException tag; nothing changed\n`);
  });
});

describe('audit of RDS snapshots', () => {
  const ctx: ScanContext = {
    account: ACCOUNT,
    credentials: { accessKeyId: 'AKIA', secretAccessKey: 'x' },
    tagKey: 'SecurityException',
    now: NOW,
  };

  it('lists the tagged DB and cluster snapshots of the region, with their flags', async () => {
    answerSnapshot({ tags: [{ Key: 'securityexception', Value: 'CHG-9;expires=2026-01-31' }] });
    const kinds = await loadExceptionTags('make-rds-snapshot-private');

    const rows = [
      ...((await kinds['rds:snapshot']?.audit(ctx, REGION)) ?? []),
      ...((await kinds['rds:cluster-snapshot']?.audit(ctx, REGION)) ?? []),
    ];

    expect(rows.map((r) => [r.resource, r.type, r.region, r.ticket, r.flags])).toEqual([
      [SNAPSHOT_ARN, 'rds-snapshot', REGION, 'CHG-9', ['expired']],
      [CLUSTER_SNAPSHOT_ARN, 'rds-cluster-snapshot', REGION, 'CHG-9', ['expired']],
    ]);
  });

  it('reports snapshots that cannot be listed as an error row', async () => {
    rds.on(DescribeDBSnapshotsCommand).rejects(awsError('AccessDenied'));
    const kinds = await loadExceptionTags('make-rds-snapshot-private');

    const rows = (await kinds['rds:snapshot']?.audit(ctx, REGION)) ?? [];

    expect(rows).toEqual([
      expect.objectContaining({ resource: '(RDS DB snapshots)', type: 'error', region: REGION }),
    ]);
  });
});
