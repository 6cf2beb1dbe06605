/** The ledger table as the operator reaches it: in the home region, with the operator's credentials. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LedgerTable } from '../lambdas/shared/ledger';
import { RETRY } from '../lambdas/shared/member-clients';

/** The configuration the ledger commands read. */
export interface LedgerConfig {
  readonly prefix: string;
  readonly homeRegion: string;
}

/** The table `<prefix>-ledger` in the home region (the master stack's name), or `tableName`. */
export function ledgerTable(config: LedgerConfig, tableName?: string): LedgerTable {
  return {
    client: new DynamoDBClient({ region: config.homeRegion, ...RETRY }),
    tableName: tableName ?? `${config.prefix}-ledger`,
  };
}
