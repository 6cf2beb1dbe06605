/**
 * The ledger's cost on the critical path: every critical-path scenario run again with the ledger
 * on (LEDGER_TABLE_NAME set). DynamoDB is a mock like every other client, answered through the
 * same delayed tracker, so the blast-radius reservation and the ledger write are counted as round
 * trips. The goal: no added sequential round trip before the last containment call (the
 * reservation runs beside the member role assumption and the live read; the write comes after).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { resetLedgerClient } from '../lambdas/shared/ledger-hook';
import { measurePath, type PathResult } from './critical-path';
import type { FakeAws } from './fake-aws';
import type { Scenario } from './scenarios';
import { renderTable } from './stats';

/** One scenario without and with the ledger. */
export interface LedgerCost {
  readonly id: string;
  readonly label: string;
  readonly without: PathResult;
  readonly with: PathResult;
  /** Sequential round trips the ledger adds before the last containment call. */
  readonly addedSequential: number;
  readonly ledgerCalls: number;
}

/** The scenario with the ledger on and DynamoDB answering. */
function withLedger(s: Scenario): Scenario {
  return {
    ...s,
    id: `${s.id}+ledger`,
    env: { ...s.env, LEDGER_TABLE_NAME: 'security-ir-ledger' },
    member: () => ({
      ...s.member(),
      'dynamodb:UpdateItem': () => ({}),
      'dynamodb:PutItem': () => ({}),
    }),
  };
}

/** Measures every scenario without, then with the ledger. */
export async function measureLedgerCost(
  fake: FakeAws,
  all: readonly Scenario[],
  delayMs: number,
): Promise<LedgerCost[]> {
  const dynamo = mockClient(DynamoDBClient);
  (
    dynamo.send as unknown as {
      callsFake(fn: (c: { input: unknown; constructor: { name: string } }) => unknown): void;
    }
  ).callsFake((command) =>
    fake.answer(`dynamodb:${command.constructor.name.replace(/Command$/, '')}`, command.input),
  );
  const out: LedgerCost[] = [];
  try {
    for (const scenario of all) {
      const without = await measurePath(fake, scenario, delayMs);
      resetLedgerClient();
      const measured = await measurePath(fake, withLedger(scenario), delayMs);
      const ledgerCalls = fake.count('dynamodb:UpdateItem') + fake.count('dynamodb:PutItem');
      delete process.env.LEDGER_TABLE_NAME;
      out.push({
        id: scenario.id,
        label: scenario.label,
        without,
        with: measured,
        addedSequential: measured.sequential - without.sequential,
        ledgerCalls,
      });
    }
  } finally {
    dynamo.restore();
    delete process.env.LEDGER_TABLE_NAME;
  }
  return out;
}

/** The ledger's cost as a table: sequential round trips and time to the last containment call. */
export function ledgerCostTable(costs: readonly LedgerCost[], delayMs: number): string {
  const rows = costs.map((c) => [
    c.label,
    `${c.without.sequential} -> ${c.with.sequential}`,
    `${Math.round(c.without.simulatedMs)} -> ${Math.round(c.with.simulatedMs)} ms`,
    `${c.without.depthOfAll} -> ${c.with.depthOfAll}`,
    String(c.ledgerCalls),
    c.with.statuses.join(','),
  ]);
  return [
    renderTable(
      ['scenario', 'seq to contain', `time @${delayMs} ms`, 'seq all', 'ledger calls', 'outcome'],
      rows,
    ),
    '',
    'seq to contain: sequential round trips to the last containment call, without -> with the ledger.',
    'seq all: the whole invocation; the ledger write comes after containment, before notification.',
  ].join('\n');
}
