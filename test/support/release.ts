/** Running the operator CLI against the ledger server of the test, capturing its output. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { main } from '../../cli/main';
import { getResponse } from '../../lambdas/shared/ledger';
import type { ResponseItem } from '../../lambdas/shared/ledger-schema';
import { parseConfig } from '../../modules/config/load';
import type { Mocks } from './aws';
import type { LedgerServer } from './ledger';

/** The operator who releases. */
export const OPERATOR = 'arn:aws:sts::111111111111:assumed-role/ir-operator/jane';

/** Runs `security-ir <args> --table-name <the test table>`; returns the exit code and output. */
export async function cli(
  mocks: Mocks,
  ledger: LedgerServer,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Arn: OPERATOR, Account: '111111111111' });
  let out = '';
  let err = '';
  const code = await main([...args, '--table-name', ledger.table.tableName], {
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
    config: () => parseConfig({ homeRegion: 'us-east-1' }),
  });
  return { code, out, err };
}

/** The ledger item of a finding's response. */
export async function stored(
  ledger: LedgerServer,
  findingId: string,
  responder: string,
): Promise<ResponseItem | undefined> {
  return getResponse(ledger.table, findingId, responder);
}
