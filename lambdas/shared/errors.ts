/** Typed errors of the responders. Every message says what happened, which input and what to do. */

import { bounded, preview } from './bounded';
import type { Outcome } from './outcome';

const MAX_QUOTED = 64;
/** Longest path segment and path printed: zod paths hold record keys, which an event chooses. */
const MAX_SEGMENT = 64;
const MAX_PATH = 256;
/** Longest detail of an InvalidEventError. */
const MAX_DETAIL = 512;

/**
 * Quotes a value for an error message, cut to 64 characters before it is serialised, so that a
 * hostile or huge input costs and prints no more than a small one.
 */
export function quote(value: unknown): string {
  const text =
    typeof value === 'string' ? value.slice(0, MAX_QUOTED + 1) : preview(value, MAX_QUOTED);
  const cut = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return JSON.stringify(cut);
}

/** Base class of every error a responder raises on purpose. */
export class ResponderError extends Error {
  override name = 'ResponderError';
}

/**
 * A path segment list as zod reports it, printed as `detail.resource.instanceDetails.instanceId`
 * (segments bounded); `empty` names the root. The one path printer of events and configuration.
 */
export function formatPath(path: readonly PropertyKey[], empty = '(event)'): string {
  let out = '';
  for (const seg of path) {
    if (out.length > MAX_PATH) break;
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const name = bounded(String(seg), MAX_SEGMENT);
      out += out === '' ? name : `.${name}`;
    }
  }
  if (out.length > MAX_PATH) return `${out.slice(0, MAX_PATH)}…`;
  return out === '' ? empty : out;
}

interface ZodLikeIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
}

/** The event does not have the shape or values the responder accepts. No AWS call was made. */
export class InvalidEventError extends ResponderError {
  override name = 'InvalidEventError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    // Every caller already bounds what it copies; this is the last line for a message's size.
    const shownPath = path.length > MAX_PATH + 1 ? `${path.slice(0, MAX_PATH)}…` : path;
    const shownDetail = detail.length > MAX_DETAIL + 1 ? `${detail.slice(0, MAX_DETAIL)}…` : detail;
    super(`${shownPath}: ${shownDetail}`);
    this.path = shownPath;
    this.detail = shownDetail;
  }

  /** Builds the error from the first zod issue, prefixed with where the parsed value sits. */
  static fromIssues(issues: readonly ZodLikeIssue[], prefix: readonly PropertyKey[] = []) {
    const issue = issues[0];
    if (!issue) return new InvalidEventError(formatPath(prefix), 'invalid value');
    const path = formatPath([...prefix, ...issue.path]);
    const got = issue.input === undefined ? '' : ` (got ${quote(issue.input)})`;
    return new InvalidEventError(path, `${bounded(issue.message, MAX_SEGMENT * 2)}${got}`);
  }
}

/** The Lambda environment is missing a variable or holds a wrong value; fix the stack config. */
export class ConfigurationError extends ResponderError {
  override name = 'ConfigurationError';
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`environment variable ${variable}: ${detail}`);
  }
}

/** The member role could not be assumed in the finding's account. */
export class MemberAccessError extends ResponderError {
  override name = 'MemberAccessError';
  constructor(
    readonly accountId: string,
    readonly roleArn: string,
    options: { cause: unknown },
  ) {
    super(
      `cannot assume ${roleArn} in account ${accountId}: ${describeCause(options.cause)}; ` +
        'check that the member StackSet reached this account and that the role trusts the responders',
      options,
    );
  }
}

/** The live tags of a resource could not be read, so the exception cannot be ruled out: do not act. */
export class TagReadError extends ResponderError {
  override name = 'TagReadError';
  constructor(
    readonly resource: string,
    options: { cause: unknown },
  ) {
    super(
      `cannot read the tags of ${resource}: ${describeCause(options.cause)}; not acting, since an ` +
        'exception tag cannot be ruled out',
      options,
    );
  }
}

/** At least one finding of the invocation ended `failed`; thrown last so the DLQ and alarm see it. */
export class ResponseFailedError extends ResponderError {
  override name = 'ResponseFailedError';
  constructor(
    readonly failures: readonly { resource: string; reason: string }[],
    /** Every outcome of the invocation, the failed ones included. */
    readonly outcomes: readonly Outcome[] = [],
  ) {
    super(
      `${failures.length} finding(s) failed: ${failures
        .map((f) => `${f.resource}: ${f.reason}`)
        .join('; ')
        .slice(0, 2000)}`,
    );
  }
}

/** A short, bounded description of an unknown thrown value (AWS errors carry `name` and `message`). */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const text =
      cause.name && cause.name !== 'Error' ? `${cause.name}: ${cause.message}` : cause.message;
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
  // Thrown values come from our code or the SDK, not from the event: small enough to serialise.
  if (typeof cause === 'object' && cause !== null) {
    try {
      const text = JSON.stringify(cause);
      if (text)
        return JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);
    } catch {
      // Not JSON (a cycle): quote its tag below.
    }
  }
  return quote(cause);
}

/**
 * Whether `error` is the AWS error `code` (the SDK v3 sets the exception's `name` to the error
 * code, e.g. `InvalidGroup.NotFound`, `NoSuchEntityException`). One of several codes when given a list.
 */
export function isAwsError(error: unknown, code: string | readonly string[]): boolean {
  if (!(error instanceof Error)) return false;
  return typeof code === 'string' ? error.name === code : code.includes(error.name);
}
