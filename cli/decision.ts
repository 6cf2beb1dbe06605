/**
 * What `approve` and `deny` share: the response a person decides on, who they are, and why a
 * plan can no longer be decided (someone else decided, it expired, nothing awaits approval).
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type Transition, takeTransition } from '../lambdas/shared/approval-decision';
import { type LedgerTable, listResponses } from '../lambdas/shared/ledger';
import type { ResponseItem } from '../lambdas/shared/ledger-schema';
import { RETRY } from '../lambdas/shared/member-clients';
import { countDecision } from './decision-metric';
import { EXIT, type ExitCode, type Output, UsageError } from './errors';
import { type LedgerConfig, ledgerTable } from './ledger-table';
import { isResponderName } from './pick-responder';

/** Options of `approve` and `deny`. */
export interface DecisionOptions {
  /** The finding id of the plan, as the notification's command names it. */
  readonly findingId: string;
  /** The responder of the plan, when the finding has responses of more than one. */
  readonly responder?: string;
  /** @default `<prefix>-ledger` */
  readonly tableName?: string;
  readonly json?: boolean;
}

/** Longest finding id taken (ASFF ids are ARNs, a few hundred characters at most). */
const MAX_FINDING_ID = 1024;

/** Checks the options; throws UsageError naming the argument. */
export function checkDecision(options: DecisionOptions): void {
  const id = options.findingId;
  if (id.trim() === '' || id.length > MAX_FINDING_ID || /[\p{Cc}]/u.test(id)) {
    throw new UsageError(
      `<finding-id> takes the finding id of the notification's command (1-${MAX_FINDING_ID} printable characters; got ${JSON.stringify(id.slice(0, 80))})`,
    );
  }
  if (options.responder !== undefined && !isResponderName(options.responder)) {
    throw new UsageError(`--responder ${JSON.stringify(options.responder)} is not a responder`);
  }
}

/** The response the decision is about: the finding's, of `--responder` when it has several. */
export async function responseToDecide(
  table: LedgerTable,
  options: DecisionOptions,
): Promise<ResponseItem> {
  checkDecision(options);
  const all = await listResponses(table, { findingId: options.findingId });
  if (all.length === 0) {
    throw new UsageError(
      `the ledger holds no response to finding ${JSON.stringify(options.findingId)}`,
    );
  }
  const mine = options.responder ? all.filter((r) => r.responder === options.responder) : all;
  if (mine.length === 0) {
    throw new UsageError(
      `--responder ${options.responder}: finding ${options.findingId} has responses only by ${all.map((r) => r.responder).join(', ')}`,
    );
  }
  const open = mine.filter((r) => r.status === 'awaiting-approval');
  const pick = mine.length === 1 ? mine : open;
  if (pick.length !== 1) {
    throw new UsageError(
      `--responder is needed: finding ${options.findingId} has responses by ${mine.map((r) => `${r.responder} (${r.status})`).join(', ')}`,
    );
  }
  return pick[0] as ResponseItem;
}

/** The caller's ARN (STS GetCallerIdentity): who decides. */
export async function callerArn(config: LedgerConfig): Promise<string> {
  const sts = new STSClient({ region: config.homeRegion, ...RETRY });
  const out = await sts.send(new GetCallerIdentityCommand({}));
  if (!out.Arn) throw new Error('sts:GetCallerIdentity returned no ARN');
  return out.Arn;
}

/** A decision taken: the plan, who took it and when, on the ledger table. */
export interface Decided {
  readonly table: LedgerTable;
  readonly plan: ResponseItem;
  readonly by: string;
  readonly now: Date;
}

/**
 * Finds the plan, ends it as expired when its time has passed, and takes the decision's
 * conditional transition (`transition`): the decision, or the exit code after saying on `err`
 * why the plan cannot be decided (`refused`: "not carried out", "not denied").
 */
export async function takeDecision(
  options: DecisionOptions,
  config: LedgerConfig,
  err: Output,
  transition: Transition,
  refused: string,
): Promise<Decided | ExitCode> {
  const table = ledgerTable(config, options.tableName);
  const plan = await responseToDecide(table, options);
  const by = await callerArn(config);
  const now = new Date();
  const counted = () => countDecision(config, plan.responder, 'expired', err);
  const decision = await takeTransition(table, plan, by, now, transition, refused, counted);
  if (!decision.taken) {
    err.write(`${decision.why}\n`);
    return EXIT.failed;
  }
  return { table, plan, by, now };
}
