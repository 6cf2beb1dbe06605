/**
 * The pipeline every responder shares: parse -> (per finding, concurrently) mode -> respond ->
 * record -> notify -> fail the invocation if any finding failed. A responder supplies only how a
 * finding becomes a target and how a target is answered.
 */
import type { Context } from 'aws-lambda';
import type { ResponderName } from './catalogue';
import { responderEnv } from './config';
import { describeCause, ResponderError, ResponseFailedError } from './errors';
import {
  type EventKind,
  findingIdOf,
  findingTypeOf,
  inactiveReason,
  parseEvent,
  type SourceFinding,
} from './events';
import { openResponse, type ResponseHook } from './ledger-hook';
import type { BeforeState } from './ledger-schema';
import { findingCreatedAt } from './ledger-time';
import { bounded, logger } from './logger';
import { type MemberTarget, memberCredentials } from './member-clients';
import type { ExceptionTag, Outcome, OutcomeStatus, ResponseMode } from './outcome';
import { notifyOutcome, recordOutcome } from './report';
import { responseModeFor } from './response-mode';
import { StepLog } from './steps';

/** What a responder decided about one finding it will not handle. */
export interface Ignore {
  readonly ignore: string;
  readonly resource: string;
  /** @default 'ignored' */
  readonly status?: Extract<OutcomeStatus, 'ignored' | 'skipped' | 'escalated'>;
}

/** The part of an outcome a responder decides; the pipeline adds account, region, finding, mode. */
export interface Result {
  readonly status: Exclude<OutcomeStatus, 'ignored'> | 'ignored';
  readonly reason: string;
  readonly exception?: ExceptionTag;
}

/** Everything `respond` gets besides its target. */
export interface RespondContext {
  /** `contain` acts; `dry-run` reads and records planned steps only. */
  readonly mode: Exclude<ResponseMode, 'off'>;
  /** Log every change here, as made or planned. */
  readonly log: StepLog;
  readonly source: SourceFinding;
  /**
   * The mode to act in, `dry-run` when the blast-radius limit is reached: await it just before
   * the first change (the slot is reserved meanwhile, concurrently with the live read).
   */
  readonly admit: () => Promise<Exclude<ResponseMode, 'off'>>;
  /** Keeps the state before the change for the ledger; absent when there is no ledger. */
  readonly remember?: (before: BeforeState) => void;
}

/** A responder: how a finding becomes a target, and how a target is answered. */
export interface ResponderSpec<T> {
  readonly name: ResponderName;
  readonly accepts: readonly EventKind[];
  /** Validates the responder's part of the finding (throws InvalidEventError), or says why not. */
  readonly toTarget: (source: SourceFinding) => T | Ignore;
  /** The resource of a target, as reported (e.g. `i-0abc`). */
  readonly resourceOf: (target: T) => string;
  /**
   * Whether answering the target needs the member account (default true). When it does, the
   * member role is assumed before `respond`, so an unreachable account fails with a clear reason.
   */
  readonly needsMember?: (target: T) => boolean;
  /** Answers one target; reads live state first and checks the exception before any change. */
  readonly respond: (target: T, member: MemberTarget, ctx: RespondContext) => Promise<Result>;
}

function isIgnore<T>(value: T | Ignore): value is Ignore {
  return typeof value === 'object' && value !== null && 'ignore' in value;
}

/** The invocation's result: one outcome per finding of the event. */
export interface HandlerResult {
  readonly outcomes: Outcome[];
}

/** Builds the Lambda handler of a responder. */
export function createHandler<T>(spec: ResponderSpec<T>) {
  return async (event: unknown, _context?: Context): Promise<HandlerResult> => {
    responderEnv();
    // Parse every finding before the first AWS call: one bad finding rejects the whole event.
    const sources = parseEvent(event, spec.accepts);
    const planned = sources.map((source) => ({ source, target: spec.toTarget(source) }));
    const outcomes = await Promise.all(
      planned.map(({ source, target }) => {
        const ledger = openResponse(source, findingCreatedAt(event, source));
        return handleOne(spec, source, target, ledger).then((o) => ledger.close(o));
      }),
    );
    const notified = await Promise.allSettled(outcomes.map((o) => notifyOutcome(o)));
    const failures = outcomes
      .filter((o) => o.status === 'failed')
      .map((o) => ({ resource: o.resource, reason: o.reason }));
    notified.forEach((n, i) => {
      if (n.status === 'rejected') {
        const o = outcomes[i] as Outcome;
        logger.error('notification failed', {
          findingId: o.findingId,
          error: describeCause(n.reason),
        });
        failures.push({
          resource: o.resource,
          reason: `notification failed: ${describeCause(n.reason)}`,
        });
      }
    });
    if (failures.length > 0) throw new ResponseFailedError(failures, outcomes);
    return { outcomes };
  };
}

async function handleOne<T>(
  spec: ResponderSpec<T>,
  source: SourceFinding,
  target: T | Ignore,
  ledger: ResponseHook,
): Promise<Outcome> {
  const findingId = findingIdOf(source);
  const base = {
    responder: spec.name,
    accountId: source.accountId,
    region: source.region,
    findingId,
    findingType: findingTypeOf(source),
  };
  const log = new StepLog();
  const inactive = inactiveReason(source);
  const ignore = !inactive && isIgnore(target) ? target : undefined;
  const resource = isIgnore(target) ? target.resource : spec.resourceOf(target);
  const member: MemberTarget = { accountId: source.accountId, region: source.region, findingId };
  let mode: ResponseMode | undefined;
  try {
    if (inactive || (isIgnore(target) && ignore?.status !== 'escalated')) {
      const reason = inactive ?? (target as Ignore).ignore;
      const status = ignore?.status ?? 'ignored';
      return finish(source, { ...base, resource, status, reason, steps: [] }, log);
    }
    // The mode comes first: an account or OU in `off` mode is not even entered.
    mode = await responseModeFor(source.accountId);
    if (mode === 'off') {
      const reason = `response mode is off for account ${source.accountId}`;
      return finish(source, { ...base, resource, mode, status: 'ignored', reason, steps: [] }, log);
    }
    if (ignore) {
      // An escalation decided from the finding alone: notify, record only in contain mode.
      return finish(
        source,
        { ...base, resource, mode, status: 'escalated', reason: ignore.ignore, steps: [] },
        log,
      );
    }
    const answered = target as T;
    ledger.begin(mode);
    if (spec.needsMember?.(answered) ?? true) {
      await memberCredentials(member.accountId, member.region, findingId);
    }
    const { admit, remember } = ledger;
    const ctx = { mode, log, source, admit, ...(remember ? { remember } : {}) };
    const result = await spec.respond(answered, member, ctx);
    return finish(source, { ...base, resource, mode, ...result, steps: log.steps }, log);
  } catch (error) {
    logger.error('response failed', { findingId: bounded(findingId), error: describeCause(error) });
    const reason =
      error instanceof ResponderError ? error.message : `unexpected error: ${describeCause(error)}`;
    return {
      ...base,
      resource,
      ...(mode ? { mode } : {}),
      status: 'failed',
      reason,
      steps: log.steps,
    };
  }
}

/** Records the outcome on the finding; a recording failure turns the outcome into `failed`. */
async function finish(source: SourceFinding, outcome: Outcome, log: StepLog): Promise<Outcome> {
  const recordLog = new StepLog();
  try {
    await recordOutcome(source, outcome, recordLog);
    const done = { ...outcome, steps: [...log.steps, ...recordLog.steps] };
    logger.info('finding handled', {
      findingId: bounded(outcome.findingId ?? ''),
      status: done.status,
      resource: bounded(done.resource),
    });
    return done;
  } catch (error) {
    const reason = `${outcome.status}: ${outcome.reason}; but recording on the finding failed: ${describeCause(error)}`;
    logger.error('recording failed', {
      findingId: bounded(outcome.findingId ?? ''),
      error: describeCause(error),
    });
    return { ...outcome, status: 'failed', reason, steps: [...log.steps, ...recordLog.steps] };
  }
}
