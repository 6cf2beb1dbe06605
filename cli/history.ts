/**
 * `history`: the responses of the ledger by account, resource, finding, status and time, as a
 * table or JSON. Read-only, in the security account with the operator's credentials.
 */
import { ACCOUNT_ID } from '../lambdas/shared/events';
import { listResponses, type ResponseFilter } from '../lambdas/shared/ledger';
import { APPROVAL_STATUSES, type ResponseItem } from '../lambdas/shared/ledger-schema';
import { OUTCOME_STATUSES } from '../lambdas/shared/outcome';
import { EXIT, type ExitCode, type Output, UsageError } from './errors';
import { type LedgerConfig, ledgerTable } from './ledger-table';
import { formatTable } from './table';

/** Statuses a ledger item can carry: an outcome's, or a release's. */
export const LEDGER_STATUSES = [
  ...OUTCOME_STATUSES,
  'released',
  'release-failed',
  ...APPROVAL_STATUSES,
] as const;

/** Options of `history`. */
export interface HistoryOptions {
  readonly account?: string;
  readonly resource?: string;
  readonly finding?: string;
  readonly status?: string;
  /** ISO date or time: responses that ended at or after it. */
  readonly since?: string;
  /** ISO date or time: responses that ended at or before it. */
  readonly until?: string;
  /** @default 100 */
  readonly limit?: number;
  readonly json?: boolean;
  /** @default `<prefix>-ledger` */
  readonly tableName?: string;
}

function isoOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new UsageError(`--${name} takes an ISO date or time (got ${JSON.stringify(value)})`);
  return new Date(t).toISOString();
}

/** The ledger filter of the options; throws UsageError naming the option. */
export function historyFilter(options: HistoryOptions): ResponseFilter {
  if (options.account !== undefined && !ACCOUNT_ID.test(options.account)) {
    throw new UsageError(
      `--account takes a 12-digit account id (got ${JSON.stringify(options.account)})`,
    );
  }
  const statuses: readonly string[] = LEDGER_STATUSES;
  if (options.status !== undefined && !statuses.includes(options.status)) {
    throw new UsageError(
      `--status takes one of ${LEDGER_STATUSES.join(', ')} (got ${JSON.stringify(options.status)})`,
    );
  }
  const since = isoOption('since', options.since);
  const until = isoOption('until', options.until);
  return {
    ...(options.finding !== undefined ? { findingId: options.finding } : {}),
    ...(options.account !== undefined ? { accountId: options.account } : {}),
    ...(options.resource !== undefined ? { resource: options.resource } : {}),
    ...(options.status !== undefined ? { status: options.status } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    limit: options.limit ?? 100,
  };
}

/** The responses as a table, oldest first. */
export function formatHistory(items: readonly ResponseItem[]): string {
  return formatTable(
    ['ENDED', 'ACCOUNT', 'REGION', 'RESPONDER', 'RESOURCE', 'STATUS', 'TO CONTAIN', 'FINDING'],
    items.map((r) => [
      r.endedAt,
      r.accountId,
      r.region,
      r.responder,
      r.resource,
      r.status,
      r.secondsToContain === undefined ? '-' : `${r.secondsToContain} s`,
      r.findingId,
    ]),
  );
}

/** Runs `history`; exit code 0 (also when nothing matches). */
export async function runHistory(
  options: HistoryOptions,
  config: LedgerConfig,
  out: Output,
): Promise<ExitCode> {
  const filter = historyFilter(options);
  const items = await listResponses(ledgerTable(config, options.tableName), filter);
  if (options.json) {
    out.write(`${JSON.stringify(items, null, 2)}\n`);
    return EXIT.ok;
  }
  out.write(
    items.length === 0
      ? 'no response matches\n'
      : `${formatHistory(items)}\n${items.length} response(s)\n`,
  );
  return EXIT.ok;
}
