import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { handler } from '../../lambdas/isolate-ec2';
import type { HandlerResult } from '../../lambdas/shared/handler';
import { listResponses } from '../../lambdas/shared/ledger';
import { createMocks } from '../support/aws';
import { type LedgerServer, useLedger } from '../support/ledger';
import { arrangeInstances, instanceFinding, published } from './support';

const mocks = createMocks();
let ledger: LedgerServer;

useLedger((l) => {
  ledger = l;
});

function env(perAccount: number, perOrganization: number): Record<string, string> {
  return {
    LEDGER_TABLE_NAME: ledger.table.tableName,
    BLAST_RADIUS_PER_ACCOUNT: String(perAccount),
    BLAST_RADIUS_PER_ORGANIZATION: String(perOrganization),
  };
}

async function counter(pk: string): Promise<number | undefined> {
  const hour = new Date().toISOString().slice(0, 13);
  const out = await ledger.table.client.send(
    new GetItemCommand({
      TableName: ledger.table.tableName,
      Key: { pk: { S: pk }, sk: { S: hour } },
      ConsistentRead: true,
    }),
  );
  return out.Item?.n?.N === undefined ? undefined : Number(out.Item.n.N);
}

describe('blast radius: fifty simultaneous findings in one account, limit 10 per hour', () => {
  it('contains exactly 10, plans the other 40 and sends one high-priority paused alert', async () => {
    // Arrange
    arrangeInstances(mocks, env(10, 50));
    // Act
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => handler(instanceFinding(i)) as Promise<HandlerResult>),
    );
    // Assert
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(outcomes.filter((o) => o.status === 'contained')).toHaveLength(10);
    const paused = outcomes.filter((o) => o.status === 'dry-run');
    expect(paused).toHaveLength(40);
    for (const o of paused) {
      expect(o.mode).toBe('dry-run');
      expect(o.reason).toMatch(/^automation paused for account 222222222222: its limit of 10/);
      expect(o.steps.every((s) => s.status === 'planned')).toBe(true);
    }
    const alerts = published(mocks).filter((m) => m.subject.includes('automation paused'));
    expect(alerts.map((a) => [a.subject, a.priority])).toEqual([
      ['[security-ir] automation paused for account 222222222222', 'high'],
    ]);
    // Only the 10 admitted instances were moved (3 interfaces, passthrough then quarantine).
    const moved = new Set(
      mocks.ec2
        .commandCalls(ModifyNetworkInterfaceAttributeCommand)
        .map((c) => c.args[0].input.NetworkInterfaceId),
    );
    expect(moved.size).toBe(3);
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(10 * 6);
    expect(await counter('limit#account#222222222222')).toBe(10);
    const recorded = await listResponses(ledger.table, { accountId: '222222222222' });
    expect(recorded).toHaveLength(50);
    expect(recorded.filter((r) => r.status === 'contained')).toHaveLength(10);
  });
});

describe('blast radius: the organization limit', () => {
  it('counts every account together and names the organization in the alert', async () => {
    // Arrange: 3 per organization, 10 per account, findings in two accounts
    arrangeInstances(mocks, env(10, 3));
    const events = Array.from({ length: 8 }, (_, i) =>
      instanceFinding(i, i % 2 === 0 ? '222222222222' : '333333333333'),
    );
    // Act
    const results = await Promise.all(events.map((e) => handler(e) as Promise<HandlerResult>));
    // Assert
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(outcomes.filter((o) => o.status === 'contained')).toHaveLength(3);
    expect(
      outcomes.filter((o) => /automation paused for the organization/.test(o.reason)),
    ).toHaveLength(5);
    const alerts = published(mocks).filter((m) => m.subject.includes('automation paused'));
    expect(alerts.map((a) => a.subject)).toEqual([
      '[security-ir] automation paused for the organization',
    ]);
    expect(await counter('limit#organization')).toBe(3);
    const perAccount =
      ((await counter('limit#account#222222222222')) ?? 0) +
      ((await counter('limit#account#333333333333')) ?? 0);
    expect(perAccount).toBe(3);
  });
});

describe('blast radius: a finding that changes nothing', () => {
  it('gives its slot back, so skipped findings never use up the limit', async () => {
    // Arrange: the instance carries an approved exception
    arrangeInstances(mocks, env(1, 50));
    const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
    const { instanceReply } = await import('../lambdas/isolate-ec2/support');
    mocks.ec2.on(DescribeInstancesCommand).callsFake((input: { InstanceIds?: string[] }) =>
      instanceReply({
        instanceId: input.InstanceIds?.[0] as string,
        tags: [{ Key: 'SecurityException', Value: 'CHG-1' }],
      }),
    );
    // Act
    const { outcomes } = (await handler(instanceFinding(1))) as HandlerResult;
    // Assert
    expect(outcomes[0]?.status).toBe('skipped');
    expect(await counter('limit#account#222222222222')).toBe(0);
  });
});

describe('blast radius: dry-run mode', () => {
  it('takes no slot at all', async () => {
    // Arrange
    arrangeInstances(mocks, { ...env(1, 50), DRY_RUN: 'true' });
    // Act
    const { outcomes } = (await handler(instanceFinding(1))) as HandlerResult;
    // Assert
    expect(outcomes[0]?.status).toBe('dry-run');
    expect(await counter('limit#account#222222222222')).toBeUndefined();
  });
});
