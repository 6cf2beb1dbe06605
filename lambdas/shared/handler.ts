/**
 * The pipeline every responder shares: parse -> (per finding, concurrently) mode -> respond ->
 * record -> notify -> fail the invocation if any finding failed. A responder supplies only how a
 * finding becomes a target and how a target is answered.
 */
import type { Context } from 'aws-lambda';
import type { AnsweredElsewhere } from './answer-claim';
import { eventOfFinding } from './approval';
import { approvedPlanOf, asApprovedBy, isApprovedPlanRequest } from './approved-plan';
import { bounded } from './bounded';
import type { ResponderName } from './catalogue';
import { responderEnv } from './config';
import { describeCause, InvalidEventError, ResponderError, ResponseFailedError } from './errors';
import {
  type EventKind,
  findingIdOf,
  findingTypeOf,
  parseEvent,
  type SourceFinding,
} from './events';
import type { Ignore } from './ignore';
import { inactiveReason, inactiveResource, isOwnRecordUpdate } from './inactive';
import { lazyModule, preloading } from './lazy';
import { openResponse, type ResponseHook } from './ledger-hook';
import type { BeforeState } from './ledger-schema';
import { findingCreatedAt } from './ledger-time';
import { createLimit, MAX_RESPONSES_IN_FLIGHT } from './limiter';
import { loadLogger, writeLog } from './logger';
import { loadSts, type MemberTarget, memberCredentials } from './member-clients';
import { nativeViewOf } from './ocsf-view';
import type {
  ExceptionTag,
  Outcome,
  OutcomeStatus,
  PendingApproval,
  ResponseMode,
} from './outcome';
import { guardDutyFindingId, notifyOutcome, recordOutcome } from './report';
import { responseModeFor } from './response-mode';
import { StepLog } from './steps';

export type { Ignore } from './ignore';

/** The part of an outcome a responder decides; the pipeline adds account, region, finding, mode. */
export interface Result {
  readonly status: Exclude<OutcomeStatus, 'ignored'> | 'ignored';
  readonly reason: string;
  readonly exception?: ExceptionTag;
}

/** How a responder answers: `approve` mode plans exactly as `dry-run`. */
export type ActMode = Exclude<ResponseMode, 'off' | 'approve'>;

/** Everything `respond` gets besides its target. */
export interface RespondContext {
  /** `contain` acts; `dry-run` reads and records planned steps only (also in `approve` mode). */
  readonly mode: ActMode;
  /** Log every change here, as made or planned. */
  readonly log: StepLog;
  readonly source: SourceFinding;
  /**
   * The mode to act in, `dry-run` when the blast-radius limit is reached: await it just before
   * the first change (the slot is reserved meanwhile, concurrently with the live read).
   */
  readonly admit: () => Promise<ActMode>;
  /** Keeps the state before the change for the ledger; absent when there is no ledger. */
  readonly remember?: (before: BeforeState) => void;
}

/** The dialects a responder names; OCSF findings reach it through the native dialect they read as. */
export type NativeKind = Exclude<EventKind, 'ocsf'>;

/** A responder: how a finding becomes a target, and how a target is answered. */
export interface ResponderSpec<T, K extends NativeKind = NativeKind> {
  readonly name: ResponderName;
  readonly accepts: readonly K[];
  /**
   * Validates the responder's part of the finding (throws InvalidEventError), or says why not. It
   * gets only the event kinds the responder accepts (`parseEvent` rejects the others), so a
   * responder writes no branch for a kind it never receives. Method syntax: the pipeline holds
   * every spec as `ResponderSpec<T>`.
   */
  toTarget(source: Extract<SourceFinding, { kind: K }>): T | Ignore;
  /**
   * Whether another responder answers this finding and reports on it, so this one's outcome is
   * returned but not notified, samples included (escalate-finding sees every GuardDuty finding).
   * @default never
   */
  leftToOthers?(source: Extract<SourceFinding, { kind: K }>): boolean;
  /** The resource of a target, as reported (e.g. `i-0abc`). */
  readonly resourceOf: (target: T) => string;
  /**
   * Whether answering the target needs the member account (default true). When it does, the
   * member role is assumed before `respond`, so an unreachable account fails with a clear reason.
   */
  readonly needsMember?: (target: T) => boolean;
  /**
   * Loads the responder's own code and member-account clients (`lazyModule`): started as each
   * invocation begins, so it runs while AssumeRole is in flight instead of at Lambda init.
   * @default nothing to load
   */
  readonly preload?: () => Promise<unknown>;
  /** Answers one target; reads live state first and checks the exception before any change. */
  readonly respond: (target: T, member: MemberTarget, ctx: RespondContext) => Promise<Result>;
}

/** What the pipeline uses of a spec once findings are planned (no kind-specific part). */
type Answering<T> = Omit<ResponderSpec<T>, 'toTarget' | 'accepts' | 'leftToOthers'>;

function isIgnore<T>(value: T | Ignore): value is Ignore {
  return typeof value === 'object' && value !== null && 'ignore' in value;
}

/** The invocation's result: one outcome per finding of the event. */
export interface HandlerResult {
  readonly outcomes: Outcome[];
}

/** One finding of the event, with why it is inactive or what its responder makes of it. */
export interface Planned<T> {
  readonly source: SourceFinding;
  /** Why the finding is not acted on at all (sample, archived, not NON_COMPLIANT). */
  readonly inactive?: string;
  readonly target?: T | Ignore;
  /** Another responder answers and reports on the finding: its outcome is not notified. */
  readonly quiet?: boolean;
}

/** What answering one resource came to; shared by every finding of the event that names it. */
interface Answer {
  /** Another copy of the finding was answered: returned, not notified. */
  readonly duplicate?: true;
  /** That answer, as its claim records it (a late OCSF copy may open its ticket). */
  readonly answeredBy?: AnsweredElsewhere;
  readonly mode?: ResponseMode;
  readonly status: OutcomeStatus;
  readonly reason: string;
  readonly steps: Outcome['steps'];
  readonly exception?: ExceptionTag;
  readonly approval?: PendingApproval;
}

/** One finding of an event as its responder takes it, decided from the event alone. */
export interface OfflineFinding {
  readonly findingId: string;
  readonly findingType: string;
  readonly accountId: string;
  readonly region: string;
  readonly resource: string;
  /** `respond`: the responder would read the resource live, then act or plan; else the end. */
  readonly decision: 'respond' | NonNullable<Ignore['status']>;
  /** Why the finding ends without a response (sample, archived, escalated...). */
  readonly reason?: string;
}

const noPreload = async () => undefined;

/**
 * What an invocation starts loading as it begins, none of which the Lambda init loads. For a
 * responder that enters member accounts, the STS client (with the SDK core) first: AssumeRole, the
 * first call, waits for it. Then the responder's own code and member-account clients and the
 * logger, which nothing needs before AssumeRole answers: they load while it is in flight. A
 * responder that declares `needsMember` may never enter one, and loads STS only when a target does.
 */
function preloadOf<T, K extends NativeKind>(spec: ResponderSpec<T, K>): () => Promise<unknown> {
  const own = spec.preload ?? noPreload;
  const rest = () => Promise.all([own(), loadLogger()]);
  if (spec.needsMember) return rest;
  return async () => {
    await loadSts();
    return rest();
  };
}

/** Builds the Lambda handler of a responder. */
export function createHandler<T, K extends NativeKind = NativeKind>(spec: ResponderSpec<T, K>) {
  const accepts = acceptedKinds(spec.accepts);
  const handler = preloading(
    preloadOf(spec),
    async (event: unknown, _context?: Context): Promise<HandlerResult> => {
      responderEnv();
      if (isApprovedPlanRequest(event)) {
        // The approval queue's request: the event and approver come from the ledger item.
        const plan = await approvedPlanOf(event, spec.name);
        return asApprovedBy(plan.by, () => answerEvent(plan.event));
      }
      return answerEvent(event);
    },
  );
  async function answerEvent(event: unknown): Promise<HandlerResult> {
    // Parse every finding before the first AWS call: one bad finding rejects the whole event.
    const planned = planFindings(spec, parseEvent(event, accepts));
    const answered = await ticketAll(planned, await answerAll(spec, planned, event));
    const outcomes = answered.map((a) => a.outcome);
    // Findings another responder reports on, and copies another copy answered, are not notified;
    // except a copy that opened the ticket of that answer now (tickets.ts, the late OCSF copy):
    // the answer's own notification said its ticket could not be opened.
    const notified = answered.filter(
      (a, i) => planned[i]?.quiet !== true && (!a.duplicate || a.outcome.ticket?.opened === 'now'),
    );
    const failures = await notifyAll(notified.map((a) => a.outcome));
    if (failures.length > 0) throw new ResponseFailedError(failures, outcomes);
    return { outcomes };
  }
  /**
   * The findings of `event` as this responder takes them, with its own validation and no AWS call
   * (the operator's `respond --plan`). Throws InvalidEventError as the handler would.
   */
  const planOffline = (event: unknown): OfflineFinding[] =>
    planFindings(spec, parseEvent(event, accepts)).map((item) => {
      const { source, target } = item;
      const ends = item.inactive
        ? { decision: 'ignored' as const, reason: item.inactive }
        : target !== undefined && isIgnore(target)
          ? { decision: target.status ?? 'ignored', reason: target.ignore }
          : { decision: 'respond' as const };
      return {
        findingId: findingIdOf(source),
        findingType: findingTypeOf(source),
        accountId: source.accountId,
        region: source.region,
        resource: resourceOfItem(spec, item),
        ...ends,
      };
    });
  return Object.assign(handler, { planOffline });
}

/**
 * Sorts out each finding without any AWS call: samples and archived findings first, before any
 * resource id is validated (samples carry placeholder ids), then the responder's own validation.
 */
export function planFindings<T, K extends NativeKind>(
  spec: ResponderSpec<T, K>,
  sources: readonly Extract<SourceFinding, { kind: K | 'ocsf' }>[],
): Planned<T>[] {
  return sources.map((source) => {
    const inactive = inactiveReason(source);
    return source.kind === 'ocsf'
      ? planOcsf(spec, source as Extract<SourceFinding, { kind: 'ocsf' }>, inactive)
      : planNative(spec, source, source as Extract<SourceFinding, { kind: K }>, inactive);
  });
}

/** A finding the responder reads as `native` (itself, or the view of an OCSF finding). */
function planNative<T, K extends NativeKind>(
  spec: ResponderSpec<T, K>,
  source: SourceFinding,
  native: Extract<SourceFinding, { kind: K }>,
  inactive: string | undefined,
): Planned<T> {
  const quiet = spec.leftToOthers?.(native) === true ? { quiet: true } : {};
  return inactive
    ? { source, inactive, ...quiet }
    : { source, target: spec.toTarget(native), ...quiet };
}

/**
 * The kinds a responder's handler parses: its own, and OCSF when it answers GuardDuty or Config
 * findings (the new Security Hub delivers both as OCSF).
 */
export function acceptedKinds<K extends NativeKind>(accepts: readonly K[]): (K | 'ocsf')[] {
  const readsOcsf = accepts.some((k) => k === 'guardduty' || k === 'config');
  return readsOcsf ? [...accepts, 'ocsf'] : [...accepts];
}

/**
 * An OCSF finding is answered as the native finding it reads as (`ocsf-view.ts`), while its
 * outcome is recorded on the OCSF finding itself. Inactive findings are set aside before any
 * resource is read; an invalid field is reported with its OCSF path.
 */
function planOcsf<T, K extends NativeKind>(
  spec: ResponderSpec<T, K>,
  source: Extract<SourceFinding, { kind: 'ocsf' }>,
  inactive: string | undefined,
): Planned<T> {
  // The update its own record caused is no news: nobody is notified of it again.
  if (inactive)
    return { source, inactive, ...(isOwnRecordUpdate(source.finding) ? { quiet: true } : {}) };
  const view = nativeViewOf(source);
  if ('ignore' in view) return { source, target: view };
  if (!(spec.accepts as readonly NativeKind[]).includes(view.kind)) {
    const read = view.kind === 'guardduty' ? 'a GuardDuty finding' : 'a Config evaluation';
    return {
      source,
      target: {
        ignore: `${spec.name} does not answer ${read}`,
        resource: inactiveResource(source),
      },
    };
  }
  try {
    return planNative(spec, source, view as Extract<SourceFinding, { kind: K }>, undefined);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    // The responder names the native field; say which OCSF finding it was read from.
    throw new InvalidEventError(
      `${source.path} (OCSF, read as ${view.kind === 'guardduty' ? 'GuardDuty' : 'Config'} ${error.path})`,
      error.detail,
    );
  }
}

/**
 * Answers each distinct resource once, at most {@link MAX_RESPONSES_IN_FLIGHT} at a time, and
 * records the outcome on every finding that named it. Each answer is one response in the ledger.
 */
async function answerAll<T>(spec: Answering<T>, planned: readonly Planned<T>[], event: unknown) {
  const limit = createLimit(MAX_RESPONSES_IN_FLIGHT);
  const answers = new Map<string, Promise<Answer>>();
  const keys = planned.map((item, i) => answerKey(spec, item, i));
  const named = new Map<string, number>();
  for (const key of keys) named.set(key, (named.get(key) ?? 0) + 1);
  return Promise.all(
    planned.map(async (item, i) => {
      const key = keys[i] as string;
      let answer = answers.get(key);
      if (!answer) {
        answer = limit(() => answerInLedger(spec, item, event));
        answers.set(key, answer);
      }
      const settled = await answer;
      const outcome = await handleOne(spec, item, settled, named.get(key) ?? 1);
      return {
        outcome,
        duplicate: settled.duplicate === true,
        ...(settled.answeredBy ? { answeredBy: settled.answeredBy } : {}),
      };
    }),
  );
}

/** The tickets module, loaded on first use (only with `TICKETS`) and kept. */
const loadTickets = lazyModule(() => import('./tickets'));

/** One finding's outcome, and whether (and by which answer) another copy answered it. */
interface Answered {
  readonly outcome: Outcome;
  readonly duplicate: boolean;
  readonly answeredBy?: AnsweredElsewhere;
}

/**
 * Opens (or links) the ticket of each finding a person must pick up, before it is notified, so the
 * notification carries the link. Only with `TICKETS`; the module loads only then. Findings another
 * responder reports on get none. A copy another copy answered opens none of its own; it may open
 * the ticket of that answer, which the answer could not open itself (`ticketLateCopy`).
 */
async function ticketAll<T>(
  planned: readonly Planned<T>[],
  answered: readonly Answered[],
): Promise<Answered[]> {
  if (!responderEnv().TICKETS) return [...answered];
  const { ticketLateCopy, ticketOutcome } = await loadTickets();
  return Promise.all(
    answered.map(async (a, i) => {
      const item = planned[i];
      if (!item || item.quiet === true) return a;
      if (!a.duplicate) return { ...a, outcome: await ticketOutcome(item.source, a.outcome) };
      if (!a.answeredBy) return a;
      return { ...a, outcome: await ticketLateCopy(item.source, a.outcome, a.answeredBy) };
    }),
  );
}

/** Findings that name the same resource of the same account and region share one key. */
function answerKey<T>(spec: Answering<T>, item: Planned<T>, index: number): string {
  const { target, source } = item;
  if (item.inactive || target === undefined || isIgnore(target)) return `#${index}`;
  return JSON.stringify([source.accountId, source.region, spec.resourceOf(target)]);
}

/** The resource of a finding as reported, also when its target was never parsed. */
function resourceOfItem<T>(spec: Answering<T>, item: Planned<T>): string {
  if (item.target === undefined) return inactiveResource(item.source);
  return isIgnore(item.target) ? item.target.resource : spec.resourceOf(item.target);
}

/**
 * One response with its ledger side: the blast-radius slot, the state before the change, the
 * ledger item and the metrics. The ledger may amend the answer (paused, or not recorded).
 */
async function answerInLedger<T>(
  spec: Answering<T>,
  item: Planned<T>,
  event: unknown,
): Promise<Answer> {
  const ledger = openResponse(
    item.source,
    findingCreatedAt(event, item.source),
    undefined,
    guardDutyFindingId(item.source),
  );
  const answer = await answerFinding(spec, item, ledger);
  const { mode, status, reason, steps, exception, approval } = await ledger.close(
    outcomeOf(spec, item, answer),
    () => eventOfFinding(event, item.source.path),
  );
  return {
    ...(answer.duplicate ? { duplicate: true } : {}),
    ...(answer.answeredBy ? { answeredBy: answer.answeredBy } : {}),
    ...(mode ? { mode } : {}),
    status,
    reason,
    steps,
    ...(exception ? { exception } : {}),
    ...(approval ? { approval } : {}),
  };
}

/**
 * Mode, member access and the responder's answer for one finding. Never throws: a failure is an
 * Answer with status `failed` and the steps taken so far.
 */
async function answerFinding<T>(
  spec: Answering<T>,
  item: Planned<T>,
  ledger: ResponseHook,
): Promise<Answer> {
  const { source, target } = item;
  if (item.inactive) return { status: 'ignored', reason: item.inactive, steps: [] };
  if (target === undefined) return { status: 'ignored', reason: 'no target', steps: [] };
  if (isIgnore(target) && target.status !== 'escalated') {
    return { status: target.status ?? 'ignored', reason: target.ignore, steps: [] };
  }
  const log = new StepLog();
  let mode: ResponseMode | undefined;
  try {
    // The mode comes first: an account or OU in `off` mode is not even entered.
    mode = await responseModeFor(source.accountId);
    if (mode === 'off') {
      const reason = `response mode is off for account ${source.accountId}`;
      return { mode, status: 'ignored', reason, steps: [] };
    }
    // Another copy of the same GuardDuty finding (native, ASFF, OCSF) may answer it. The claim
    // runs beside the member role and the live read, and is awaited before the first change.
    const claim = ledger.claim(spec.name);
    const duplicate = (answeredBy: AnsweredElsewhere): Answer => ({
      mode: mode as ResponseMode,
      status: 'ignored',
      reason: answeredBy.reason,
      steps: log.steps,
      duplicate: true,
      answeredBy,
    });
    // An escalation decided from the finding alone: notify, record only in contain mode.
    if (isIgnore(target)) {
      const answeredBy = await claim;
      if (answeredBy) return duplicate(answeredBy);
      return { mode, status: 'escalated', reason: target.ignore, steps: [] };
    }
    // `approve` plans exactly as dry-run; the ledger turns a plan into `awaiting-approval`.
    const acting: ActMode = mode === 'approve' ? 'dry-run' : mode;
    ledger.begin(acting);
    const { remember } = ledger;
    const admit = async () => {
      const answeredBy = await claim;
      if (answeredBy) throw new AlreadyAnswered(answeredBy);
      return ledger.admit();
    };
    const ctx = { mode: acting, log, source, admit, ...(remember ? { remember } : {}) };
    const result = await respondTo(spec, source, target, ctx);
    // A response that changed nothing (dry-run, skip) never asked to be admitted.
    const answeredBy = await claim;
    if (answeredBy) return duplicate(answeredBy);
    return { mode, ...result, steps: log.steps };
  } catch (error) {
    if (error instanceof AlreadyAnswered) {
      return {
        ...(mode ? { mode } : {}),
        status: 'ignored',
        reason: error.message,
        steps: log.steps,
        duplicate: true,
        answeredBy: error.answeredBy,
      };
    }
    await writeLog('error', 'response failed', {
      findingId: bounded(findingIdOf(source)),
      error: describeCause(error),
    });
    const reason =
      error instanceof ResponderError ? error.message : `unexpected error: ${describeCause(error)}`;
    return { ...(mode ? { mode } : {}), status: 'failed', reason, steps: log.steps };
  }
}

/** Stops a response before its first change: another copy of the finding has the answer. */
class AlreadyAnswered extends Error {
  override name = 'AlreadyAnswered';
  constructor(readonly answeredBy: AnsweredElsewhere) {
    super(answeredBy.reason);
  }
}

/** Enters the member account (when the target needs it) and lets the responder answer. */
async function respondTo<T>(
  spec: Answering<T>,
  source: SourceFinding,
  target: T,
  ctx: RespondContext,
): Promise<Result> {
  const member: MemberTarget = {
    accountId: source.accountId,
    region: source.region,
    findingId: findingIdOf(source),
  };
  if (spec.needsMember?.(target) ?? true) {
    await memberCredentials(member.accountId, member.region, member.findingId);
  }
  return spec.respond(target, member, ctx);
}

/** The outcome of one finding from its (possibly shared) answer, recorded on that finding. */
async function handleOne<T>(
  spec: Answering<T>,
  item: Planned<T>,
  answer: Answer,
  sharedBy: number,
): Promise<Outcome> {
  const own = outcomeOf(spec, item, answer);
  const outcome: Outcome =
    sharedBy > 1
      ? {
          ...own,
          reason: `${answer.reason} (one response for the ${sharedBy} findings of this event that name ${own.resource})`,
        }
      : own;
  // Failures record nothing on the finding; everything else is recorded on each finding.
  return outcome.status === 'failed' ? outcome : finish(item.source, outcome);
}

/** The outcome of one finding from an answer. */
function outcomeOf<T>(spec: Answering<T>, item: Planned<T>, answer: Answer): Outcome {
  const { source } = item;
  const { duplicate: _, answeredBy: __, ...outcome } = answer;
  return {
    responder: spec.name,
    accountId: source.accountId,
    region: source.region,
    resource: resourceOfItem(spec, item),
    findingId: findingIdOf(source),
    findingType: findingTypeOf(source),
    ...outcome,
    steps: [...answer.steps],
  };
}

/** Records the outcome on the finding; a recording failure turns the outcome into `failed`. */
async function finish(source: SourceFinding, outcome: Outcome): Promise<Outcome> {
  const recordLog = new StepLog();
  try {
    await recordOutcome(source, outcome, recordLog);
    const done = { ...outcome, steps: [...outcome.steps, ...recordLog.steps] };
    await writeLog('info', 'finding handled', {
      findingId: bounded(outcome.findingId ?? ''),
      status: done.status,
      resource: bounded(done.resource),
    });
    return done;
  } catch (error) {
    const reason = `${outcome.status}: ${outcome.reason}; but recording on the finding failed: ${describeCause(error)}`;
    await writeLog('error', 'recording failed', {
      findingId: bounded(outcome.findingId ?? ''),
      error: describeCause(error),
    });
    return { ...outcome, status: 'failed', reason, steps: [...outcome.steps, ...recordLog.steps] };
  }
}

/** Notifies every outcome; returns the failed findings and failed notifications. */
async function notifyAll(
  outcomes: readonly Outcome[],
): Promise<{ resource: string; reason: string }[]> {
  const notified = await Promise.allSettled(outcomes.map((o) => notifyOutcome(o)));
  const failures = outcomes
    .filter((o) => o.status === 'failed')
    .map((o) => ({ resource: o.resource, reason: o.reason }));
  for (const [i, n] of notified.entries()) {
    if (n.status === 'rejected') {
      const o = outcomes[i] as Outcome;
      await writeLog('error', 'notification failed', {
        findingId: bounded(o.findingId ?? ''),
        error: describeCause(n.reason),
      });
      failures.push({
        resource: o.resource,
        reason: `notification failed: ${describeCause(n.reason)}`,
      });
    }
  }
  return failures;
}
