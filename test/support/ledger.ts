/**
 * A real DynamoDB-compatible server for the ledger tests: dynalite, in memory, on 127.0.0.1 and a
 * random port, with the ledger table created from the same key and index definition as the stack.
 * The real `@aws-sdk/client-dynamodb` reaches it through `AWS_ENDPOINT_URL_DYNAMODB` (the SDK's
 * service-specific endpoint variable), so the responders' own client is the one under test.
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { LedgerTable } from '../../lambdas/shared/ledger';
import { resetLedgerAlerts } from '../../lambdas/shared/ledger-alert';
import { resetLedgerClient } from '../../lambdas/shared/ledger-hook';
import { LEDGER_ATTRIBUTES, LEDGER_INDEXES, LEDGER_KEYS } from '../../lambdas/shared/ledger-schema';

/** A running server with the ledger table. */
export interface LedgerServer {
  readonly endpoint: string;
  readonly table: LedgerTable;
  /** Stops the server (the ledger becomes unavailable). */
  stop(): Promise<void>;
}

let tables = 0;

/** Starts dynalite and creates a fresh ledger table; points the SDK at it. */
export async function startLedger(): Promise<LedgerServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  resetLedgerClient();
  resetLedgerAlerts();
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', maxAttempts: 1 });
  tables += 1;
  const tableName = `security-ir-ledger-${tables}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: LEDGER_ATTRIBUTES.map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: LEDGER_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: LEDGER_KEYS.sort, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: LEDGER_INDEXES.map((i) => ({
        IndexName: i.name,
        KeySchema: [
          { AttributeName: i.hashKey, KeyType: 'HASH' },
          { AttributeName: i.rangeKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  let stopped = false;
  return {
    endpoint,
    table: { client, tableName },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Removes what {@link startLedger} and the tests put in the environment. */
export function forgetLedger(): void {
  for (const key of [
    'AWS_ENDPOINT_URL_DYNAMODB',
    'LEDGER_TABLE_NAME',
    'BLAST_RADIUS_PER_ACCOUNT',
    'BLAST_RADIUS_PER_ORGANIZATION',
  ]) {
    delete process.env[key];
  }
  resetLedgerClient();
  resetLedgerAlerts();
}

/**
 * Gives every test of the file its own ledger: a fresh dynalite server and table before each test
 * (handed to `use`), stopped and forgotten after it.
 */
export function useLedger(use: (ledger: LedgerServer) => void): void {
  let current: LedgerServer | undefined;
  beforeEach(async () => {
    current = await startLedger();
    use(current);
  });
  afterEach(async () => {
    await current?.stop();
    forgetLedger();
  });
}
