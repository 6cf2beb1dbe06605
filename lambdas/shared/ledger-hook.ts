/**
 * The ledger around one finding's response, called from the shared handler in three places:
 * `begin` (contain mode: reserve a blast-radius slot, concurrently with the member role
 * assumption and the live read), the respond context (`admit` just before the first change,
 * `remember` for the state before it) and `close` (write the ledger item, publish metrics, alert).
 *
 * When the ledger cannot be read or written, containment goes on: a real threat is contained
 * whatever the state of the bookkeeping. The limit is then not applied to that finding, the
 * outcome says so, and a high-priority alert says that undo will be manual and carries the state
 * before the change. Only an error counts as unavailable, never mere slowness (in a storm the
 * counter item is hot, and a timeout would let the storm through); the client's own timeouts
 * ({@link LEDGER_TIMEOUTS}) bound how long a hung ledger holds containment back.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AnsweredElsewhere } from './answer-claim';
import type { Reservation } from './blast-radius';
import { type ResponderEnv, responderEnv } from './config';
import { describeCause } from './errors';
import { findingIdOf, type SourceFinding } from './events';
import { lazyModule } from './lazy';
import type { LedgerTable } from './ledger';
import { sendHighPriorityAlert } from './ledger-alert';
import {
  type BeforeState,
  MAX_APPROVAL_EVENT_BYTES,
  MAX_ITEM_BYTES,
  type ResponseItem,
} from './ledger-schema';
import { writeLog } from './logger';
import type { Outcome, ResponseMode } from './outcome';

/**
 * Timeouts of the ledger client: a ledger that does not connect within 2 s or answer within 3 s
 * fails the attempt (without `throwOnRequestTimeout` the SDK would only warn and wait); with two
 * attempts a hung ledger delays containment by about 10 s at most. Tighter bounds made a loaded
 * but healthy ledger look down, which lets a storm through (measured on dynalite under load).
 */
export const LEDGER_TIMEOUTS = {
  connectionTimeout: 2000,
  requestTimeout: 3000,
  throwOnRequestTimeout: true,
} as const;

type ActMode = Exclude<ResponseMode, 'off' | 'approve'>;

type Slot =
  | { readonly kind: 'reserved'; readonly reservation: Reservation }
  | { readonly kind: 'unavailable'; readonly cause: unknown };

/** The ledger side of one finding's response. */
export interface ResponseHook {
  /** Starts the blast-radius reservation when the mode is `contain`; returns at once. */
  begin(mode: ActMode): void;
  /** The mode to act in; call it just before the first change. */
  readonly admit: () => Promise<ActMode>;
  /** Keeps the state before the change (undefined when there is no ledger). */
  readonly remember?: (before: BeforeState) => void;
  /**
   * Claims the answer to the finding's GuardDuty finding for `responder`, across its dialects
   * (answer-claim.ts): when another copy has it, the reason to give ("already answered") and that
   * answer as the claim records it; undefined to answer (claimed, nothing to claim, or the ledger
   * cannot be written).
   */
  claim(responder: string): Promise<AnsweredElsewhere | undefined>;
  /**
   * Records the response and returns the outcome, amended when paused or unrecorded. A plan of
   * `approve` mode becomes `awaiting-approval` here, stored with `eventOf()` (the finding's raw
   * event), when the ledger can hold both.
   */
  close(outcome: Outcome, eventOf?: () => unknown): Promise<Outcome>;
}

/** How a copy of a finding arrived, as the claim reports it. */
const DIALECTS: Record<SourceFinding['kind'], string> = {
  guardduty: 'GuardDuty',
  securityhub: 'Security Hub CSPM (ASFF)',
  ocsf: 'Security Hub (OCSF)',
  config: 'Config',
};

interface Ledger {
  readonly table: LedgerTable;
  readonly ledger: typeof import('./ledger');
  readonly radius: typeof import('./blast-radius');
  readonly claims: typeof import('./answer-claim');
}

let client: DynamoDBClient | undefined;

// Loaded on first use and kept (one `import()` per container, not one per finding).
const loadDynamo = lazyModule(() => import('@aws-sdk/client-dynamodb'));
const loadLedgerModule = lazyModule(() => import('./ledger'));
const loadRadius = lazyModule(() => import('./blast-radius'));
const loadClaims = lazyModule(() => import('./answer-claim'));
const loadMetrics = lazyModule(() => import('./metrics'));
const loadApproval = lazyModule(() => import('./approval'));

/** The table, with the ledger modules loaded on first use (they stay off the cold start). */
async function loadLedger(tableName: string): Promise<Ledger> {
  const [dynamo, ledger, radius, claims] = await Promise.all([
    loadDynamo(),
    loadLedgerModule(),
    loadRadius(),
    loadClaims(),
  ]);
  // Two attempts: an outage must not hold containment back for long.
  client ??= new dynamo.DynamoDBClient({ maxAttempts: 2, requestHandler: LEDGER_TIMEOUTS });
  return { table: { client, tableName }, ledger, radius, claims };
}

/** The ledger table with the responders' one client (its timeouts and attempts): the approved-plan
 * request and the tickets read it. */
export async function ledgerTableNamed(tableName: string): Promise<LedgerTable> {
  return (await loadLedger(tableName)).table;
}

/** Forgets the DynamoDB client (tests point it at another server). */
export function resetLedgerClient(): void {
  client = undefined;
}

/** Opens the ledger side of a response. Without LEDGER_TABLE_NAME it only publishes metrics. */
export function openResponse(
  source: SourceFinding,
  findingCreatedAt: string | undefined,
  now: () => Date = () => new Date(),
  /** The GuardDuty finding behind the source, whose answer is claimed across dialects. */
  guardDutyId?: string,
): ResponseHook {
  const env = responderEnv();
  const tableName = env.LEDGER_TABLE_NAME;
  const startedAt = now();
  let ledger: Promise<Ledger> | undefined;
  const load = () => {
    ledger ??= loadLedger(tableName as string);
    return ledger;
  };
  let slot: Promise<Slot> | undefined;
  let configured: ActMode = 'contain';
  let admitted = false;
  let paused: Extract<Reservation, { admitted: false }> | undefined;
  let unavailable: unknown;
  let unwritten: unknown;
  let before: BeforeState | undefined;
  let claimed: string | undefined;

  const hook: ResponseHook = {
    async claim(responder) {
      // An approved plan was answered once already (its claim says awaiting-approval): carry it out.
      if (!tableName || !guardDutyId || env.APPROVED_BY) return undefined;
      try {
        const l = await load();
        const answer = await l.claims.claimAnswer(
          l.table,
          guardDutyId,
          responder,
          DIALECTS[source.kind],
          now(),
          findingIdOf(source),
        );
        if (answer.won) {
          claimed = responder;
          return undefined;
        }
        return {
          reason: l.claims.alreadyAnsweredReason(answer, guardDutyId),
          guardDutyId,
          ...(answer.status ? { status: answer.status } : {}),
          ...(answer.findingId ? { findingId: answer.findingId } : {}),
        };
      } catch (error) {
        // A copy may then be answered twice; each answer reads live and is idempotent.
        await writeLog('error', 'answer not claimed: answering without the cross-dialect check', {
          error: describeCause(error),
        });
        return undefined;
      }
    },
    begin(mode) {
      configured = mode;
      if (!tableName || mode !== 'contain') return;
      slot = load()
        .then((l) =>
          l.radius.reserveContainment(l.table, source.accountId, limitsOf(env), startedAt),
        )
        .then(
          (reservation): Slot => ({ kind: 'reserved', reservation }),
          (cause: unknown): Slot => ({ kind: 'unavailable', cause }),
        );
    },
    admit: async () => {
      if (configured === 'dry-run' || !slot) return configured;
      const answer = await slot;
      if (answer.kind === 'unavailable') {
        unavailable = answer.cause;
        await writeLog('error', 'ledger unavailable: containing without the blast-radius limit', {
          error: describeCause(answer.cause),
        });
        return 'contain';
      }
      if (!answer.reservation.admitted) {
        paused = answer.reservation;
        return 'dry-run';
      }
      admitted = true;
      return 'contain';
    },
    ...(tableName
      ? {
          remember: (state: BeforeState) => {
            before = state;
          },
        }
      : {}),
    async close(outcome, eventOf) {
      const endedAt = now();
      const l = tableName ? await load().catch((cause: unknown) => cause) : undefined;
      const loaded = l && typeof l === 'object' && 'table' in l ? (l as Ledger) : undefined;
      const planned = isPlanForApproval(outcome)
        ? await approvalOf(outcome, eventOf, loaded, env, endedAt)
        : undefined;
      let done = planned?.outcome ?? outcome;
      if (slot && !admitted && !paused) await giveBackUnused(slot);
      if (paused) done = await pause(done, paused, loaded, endedAt);
      const seconds =
        done.status === 'contained' && findingCreatedAt
          ? Math.max(0, (endedAt.getTime() - Date.parse(findingCreatedAt)) / 1000)
          : undefined;
      if (tableName && done.status !== 'ignored') {
        const item: ResponseItem = {
          ...responseOf(done),
          ...(planned?.item ?? {}),
          ...(env.APPROVED_BY
            ? {
                approval: {
                  decision: 'approved' as const,
                  by: env.APPROVED_BY,
                  at: startedAt.toISOString(),
                },
              }
            : {}),
          ...(before ? { before } : {}),
          ...(findingCreatedAt ? { findingCreatedAt } : {}),
          startedAt: startedAt.toISOString(),
          endedAt: endedAt.toISOString(),
          ...(seconds !== undefined ? { secondsToContain: Math.round(seconds * 10) / 10 } : {}),
        };
        try {
          if (!loaded) throw l;
          const put = await loaded.ledger.putResponse(loaded.table, item);
          if (put === 'kept-earlier' && done.status === 'awaiting-approval') {
            done = notAwaiting(
              done,
              'the ledger keeps an earlier containment or approval of this finding',
            );
          }
        } catch (cause) {
          unwritten = cause ?? new Error('the ledger could not be loaded');
          await writeLog('error', 'ledger write failed', { error: describeCause(unwritten) });
        }
      }
      if (unavailable !== undefined) {
        const note = `the ledger was unavailable at the start (${describeCause(unavailable)}): the blast-radius limit was not applied`;
        done = { ...done, reason: `${done.reason}; ${note}` };
      }
      if (unwritten !== undefined && done.status === 'awaiting-approval') {
        done = notAwaiting(done, 'the ledger could not record the plan');
      }
      if (unwritten !== undefined) done = await ledgerDown(done, unwritten, before);
      // Settled with the status the response ends in (a plan that could not await approval is a
      // dry-run), so a later copy is told what the answer really was.
      if (claimed && loaded && guardDutyId) {
        await loaded.claims
          .settleClaim(loaded.table, guardDutyId, claimed, done.status, endedAt)
          .catch(async (error: unknown) => {
            await writeLog('error', 'answer claim not settled', { error: describeCause(error) });
          });
      }
      try {
        const { publishResponseMetrics } = await loadMetrics();
        publishResponseMetrics(done, {
          ...(seconds !== undefined ? { secondsToContain: seconds } : {}),
          paused: paused !== undefined,
          ledgerUnavailable: unavailable !== undefined || unwritten !== undefined,
        });
      } catch (error) {
        await writeLog('error', 'metrics not published', { error: describeCause(error) });
      }
      return done;
    },
  };
  return hook;
}

/** A plan of `approve` mode that would change something: what a person is asked to approve. */
function isPlanForApproval(outcome: Outcome): boolean {
  return (
    outcome.mode === 'approve' &&
    outcome.status === 'dry-run' &&
    outcome.steps.some((s) => s.status === 'planned')
  );
}

/** The plan stays a dry-run: nothing awaits approval, and the outcome says why. */
function notAwaiting(outcome: Outcome, why: string): Outcome {
  const { approval: _, ...rest } = outcome;
  return {
    ...rest,
    status: 'dry-run',
    reason: `${outcome.reason}; not awaiting approval: ${why}; to contain, run security-ir respond --contain on the event`,
  };
}

/**
 * A plan of `approve` mode as `awaiting-approval`, with what its ledger item keeps: the expiry,
 * the approve command and the finding's event, refused (the plan stays a dry-run, and says why)
 * when there is no ledger or the event or the whole item would exceed what DynamoDB holds.
 */
async function approvalOf(
  outcome: Outcome,
  eventOf: (() => unknown) | undefined,
  loaded: Ledger | undefined,
  env: ResponderEnv,
  at: Date,
): Promise<{ outcome: Outcome; item?: Pick<ResponseItem, 'approval' | 'event'> }> {
  if (!loaded || !eventOf) {
    return { outcome: notAwaiting(outcome, 'no ledger holds the plan (a local run)') };
  }
  const { pendingApproval } = await loadApproval();
  const event = JSON.stringify(eventOf());
  const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;
  const eventBytes = Buffer.byteLength(event);
  if (eventBytes > MAX_APPROVAL_EVENT_BYTES) {
    const why = `the finding's event is ${kb(eventBytes)}, above the ${kb(MAX_APPROVAL_EVENT_BYTES)} the ledger keeps for an approval`;
    return { outcome: notAwaiting(outcome, why) };
  }
  const approval = pendingApproval(
    outcome.findingId ?? '(none)',
    outcome.responder,
    at,
    env.APPROVAL_EXPIRY_MINUTES,
  );
  const awaiting: Outcome = {
    ...outcome,
    status: 'awaiting-approval',
    reason: `${outcome.reason}; awaiting approval until ${approval.expiresAt}: ${approval.command}`,
    approval,
  };
  const item = { approval, event };
  const bytes = loaded.ledger.itemBytes(
    loaded.ledger.toItem({ ...responseOf(awaiting), ...item, startedAt: '', endedAt: '' }),
  );
  // Room for the timestamps and the time to contain, written below.
  if (bytes + 200 > MAX_ITEM_BYTES) {
    const why = `the ledger item with the event would be ${kb(bytes)}, above DynamoDB's ${kb(MAX_ITEM_BYTES)} item limit`;
    return { outcome: notAwaiting(outcome, why) };
  }
  return { outcome: awaiting, item };
}

function limitsOf(env: ResponderEnv) {
  return {
    perAccountPerHour: env.BLAST_RADIUS_PER_ACCOUNT,
    perOrganizationPerHour: env.BLAST_RADIUS_PER_ORGANIZATION,
  };
}

/** A slot reserved for a response that changed nothing (skipped, escalated, failed early). */
async function giveBackUnused(slot: Promise<Slot>): Promise<void> {
  const answer = await slot;
  if (answer.kind !== 'reserved' || !answer.reservation.admitted) return;
  await answer.reservation.release().catch(async (error: unknown) => {
    await writeLog('error', 'blast-radius slot not given back', { error: describeCause(error) });
  });
}

function responseOf(o: Outcome): Omit<ResponseItem, 'startedAt' | 'endedAt'> {
  return {
    findingId: o.findingId ?? '(none)',
    ...(o.findingType ? { findingType: o.findingType } : {}),
    responder: o.responder,
    accountId: o.accountId,
    region: o.region,
    resource: o.resource,
    ...(o.mode ? { mode: o.mode } : {}),
    status: o.status,
    reason: o.reason,
    steps: o.steps,
    ...(o.approval ? { approval: o.approval } : {}),
  };
}

/** The outcome of a finding planned instead of contained; the first of its hour alerts. */
async function pause(
  outcome: Outcome,
  refused: Extract<Reservation, { admitted: false }>,
  loaded: Ledger | undefined,
  at: Date,
): Promise<Outcome> {
  const scope = loaded?.radius.scopeLabel(refused.scope) ?? 'the organization';
  const why =
    `automation paused for ${scope}: its limit of ${refused.limit} containments per hour is ` +
    'reached, so this finding was planned, not contained; contain it by hand if it is real ' +
    '(security-ir respond --contain), or raise blastRadius';
  const done: Outcome = { ...outcome, mode: 'dry-run', reason: `${why}. ${outcome.reason}` };
  if (!loaded) return done;
  try {
    if (await loaded.radius.markPaused(loaded.table, refused.scope, at)) {
      await sendHighPriorityAlert(
        `automation paused for ${scope}`,
        `Automation paused for ${scope} until the end of the hour (UTC): more than ` +
          `${refused.limit} containments were asked for. Further findings are planned, not ` +
          `contained; each still arrives as a dry-run outcome.\nFirst paused finding: ` +
          `${outcome.findingId ?? '(none)'} on ${outcome.resource} in ${outcome.accountId}/${outcome.region}.`,
      );
    }
  } catch (error) {
    await writeLog('error', 'paused alert not sent', { error: describeCause(error) });
    return { ...done, reason: `${done.reason}; the paused alert failed: ${describeCause(error)}` };
  }
  return done;
}

/** The outcome of a response the ledger could not hold: it says so, and one alert carries the undo. */
async function ledgerDown(
  outcome: Outcome,
  cause: unknown,
  before: BeforeState | undefined,
): Promise<Outcome> {
  const note =
    outcome.status === 'contained'
      ? `the ledger could not record this response (${describeCause(cause)}): undo will be manual (the state before is in the alert)`
      : `the ledger could not record this response (${describeCause(cause)})`;
  const done = { ...outcome, reason: `${outcome.reason}; ${note}` };
  if (outcome.status !== 'contained') return done;
  try {
    await sendHighPriorityAlert(
      `undo will be manual: ${outcome.resource}`,
      `${outcome.responder} contained ${outcome.resource} in ${outcome.accountId}/${outcome.region} ` +
        `(finding ${outcome.findingId ?? '(none)'}), but the ledger could not record it: ` +
        `${describeCause(cause)}.\nUndo will be manual. State before the change:\n` +
        JSON.stringify(before ?? null, null, 2),
    );
  } catch (error) {
    await writeLog('error', 'ledger-down alert not sent', { error: describeCause(error) });
  }
  return done;
}
