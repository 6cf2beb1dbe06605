/** Errors and exit codes of the operator commands. */
import { describeCause } from '../lambdas/shared/errors';
import { type CREDENTIALS_NEEDED, credentialHint, isCredentialError } from './credentials';

/**
 * Exit codes: 0 success (healthy, nothing flagged); 1 a problem was found (a flag, an unhealthy
 * check, a failed AWS change); 2 the command could not run or could not check (bad input, no
 * credentials, an account that could not be reached): nothing was changed.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** An exit code of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The operator's input is wrong: nothing was changed. The message says which option and why. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where a command writes: stdout for results, stderr for errors (both writable streams). */
export interface Output {
  write(text: string): unknown;
}

/**
 * Prints `error` to `err` and returns its exit code: 2 for bad input or missing credentials (the
 * command could not run), 1 for anything else. `whose` names the credentials the command needs.
 */
export function reportError(
  error: unknown,
  err: Output,
  whose?: keyof typeof CREDENTIALS_NEEDED,
): ExitCode {
  if (whose && error instanceof Error && isCredentialError(error)) {
    err.write(`error: ${credentialHint(error, whose)}\n`);
    return EXIT.usage;
  }
  const usage =
    error instanceof UsageError || (error instanceof Error && error.name === 'ConfigError');
  err.write(`error: ${usage ? (error as Error).message : describeCause(error)}\n`);
  return usage ? EXIT.usage : EXIT.failed;
}
