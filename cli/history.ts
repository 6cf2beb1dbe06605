/**
 * `history`: the responses of the ledger by account, resource, finding, status and time, as a
 * table or JSON. Read-only, in the security account with the operator's credentials.
 */

import { hasExpired } from '../lambdas/shared/approval-ledger';
import { ACCOUNT_ID } from '../lambdas/shared/events';
import { type LedgerTable, listResponses, type ResponseFilter } from '../lambdas/shared/ledger';
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

/**
 * The status of a response as of `now`: a plan still `awaiting-approval` past its expiry reads
 * `expired` (it can no longer be carried out; `approve` or `deny` records the expiry).
 */
export function statusAt(r: ResponseItem, now: Date): string {
  return r.status === 'awaiting-approval' && hasExpired(r, now) ? 'expired' : r.status;
}

/** Who decided a plan of `approve` mode and when, or until when it awaits approval. */
function decisionOf(r: ResponseItem, now: Date): string {
  const a = r.approval;
  if (!a) return '-';
  if (a.decision === 'approved' || a.decision === 'denied' || a.decision === 'approving') {
    return `${a.decision} by ${a.by ?? '?'} at ${a.at ?? '?'}`;
  }
  if (statusAt(r, now) === 'expired') return `expired at ${a.expiresAt ?? '?'}, not decided`;
  return `awaiting until ${a.expiresAt ?? '?'}`;
}

/**
 * The responses as a table, oldest first; a DECISION column when a plan asked for approval, a
 * TICKET column when a response has a ticket (its link, else its id).
 */
export function formatHistory(items: readonly ResponseItem[], now = new Date()): string {
  const decided = items.some((r) => r.approval !== undefined);
  const ticketed = items.some((r) => r.ticket !== undefined);
  return formatTable(
    [
      'ENDED',
      'ACCOUNT',
      'REGION',
      'RESPONDER',
      'RESOURCE',
      'STATUS',
      'TO CONTAIN',
      'FINDING',
      ...(decided ? ['DECISION'] : []),
      ...(ticketed ? ['TICKET'] : []),
    ],
    items.map((r) => [
      r.endedAt,
      r.accountId,
      r.region,
      r.responder,
      r.resource,
      statusAt(r, now),
      r.secondsToContain === undefined ? '-' : `${r.secondsToContain} s`,
      r.findingId,
      ...(decided ? [decisionOf(r, now)] : []),
      ...(ticketed ? [r.ticket ? (r.ticket.url ?? r.ticket.id) : '-'] : []),
    ]),
  );
}

/**
 * The responses of `filter`; `expired` and `awaiting-approval` are read as of `now` (a plan past
 * its expiry that nobody decided counts as expired).
 */
async function responsesOf(
  table: LedgerTable,
  filter: ResponseFilter,
  now: Date,
): Promise<ResponseItem[]> {
  if (filter.status !== 'expired' && filter.status !== 'awaiting-approval') {
    return listResponses(table, filter);
  }
  const [stored, awaiting] = await Promise.all([
    filter.status === 'expired' ? listResponses(table, filter) : Promise.resolve([]),
    listResponses(table, { ...filter, status: 'awaiting-approval' }),
  ]);
  return [...stored, ...awaiting.filter((r) => statusAt(r, now) === filter.status)]
    .sort((a, b) => a.endedAt.localeCompare(b.endedAt))
    .slice(0, filter.limit ?? 1000);
}

/** Runs `history`; exit code 0 (also when nothing matches). */
export async function runHistory(
  options: HistoryOptions,
  config: LedgerConfig,
  out: Output,
): Promise<ExitCode> {
  const filter = historyFilter(options);
  const now = new Date();
  const items = await responsesOf(ledgerTable(config, options.tableName), filter, now);
  if (options.json) {
    // The stored event is for `approve`; the listing says what happened.
    const listed = items.map(({ event: _, ...r }) => ({
      ...r,
      status: statusAt(r as ResponseItem, now),
    }));
    out.write(`${JSON.stringify(listed, null, 2)}\n`);
    return EXIT.ok;
  }
  out.write(
    items.length === 0
      ? 'no response matches\n'
      : `${formatHistory(items)}\n${items.length} response(s)\n`,
  );
  return EXIT.ok;
}
