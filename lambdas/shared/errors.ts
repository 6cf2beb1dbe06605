/** Typed errors of the responders. Every message says what happened, which input and what to do. */

import type { Outcome } from './outcome';

const MAX_QUOTED = 64;

/** Quotes a value for an error message, truncated so that hostile or huge input stays bounded. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  const cut = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return JSON.stringify(cut);
}

/** Base class of every error a responder raises on purpose. */
export class ResponderError extends Error {
  override name = 'ResponderError';
}

/** A path segment list as zod reports it, printed as `detail.resource.instanceDetails.instanceId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(event)' : out;
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
    super(`${path}: ${detail}`);
  }

  /** Builds the error from the first zod issue, prefixed with where the parsed value sits. */
  static fromIssues(issues: readonly ZodLikeIssue[], prefix: readonly PropertyKey[] = []) {
    const issue = issues[0];
    if (!issue) return new InvalidEventError(formatPath(prefix), 'invalid value');
    const path = formatPath([...prefix, ...issue.path]);
    const got = issue.input === undefined ? '' : ` (got ${quote(issue.input)})`;
    return new InvalidEventError(path, `${issue.message}${got}`);
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
  return quote(cause);
}
