/** Errors and exit codes of the operator commands. */
import { describeCause } from '../lambdas/shared/errors';
import { type CREDENTIALS_NEEDED, credentialHint, isCredentialError } from './credentials';
import { isNetworkError, networkHint } from './network';

/**
 * Exit codes: 0 success (healthy, nothing flagged); 1 a problem was found (a flag, an unhealthy
 * check, a failed AWS change); 2 the command could not run or could not check (bad input, no
 * credentials, no network, an account that could not be reached).
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
 * Prints `error` to `err` and returns its exit code: 2 for bad input, missing or expired
 * credentials, or AWS out of reach (the command could not run or could not check), 1 for anything
 * else. The one place every command's uncaught error goes through. `whose` names the credentials
 * the command needs.
 */
export function reportError(
  error: unknown,
  err: Output,
  whose?: keyof typeof CREDENTIALS_NEEDED,
): ExitCode {
  if (error instanceof Error && isCredentialError(error)) {
    err.write(`error: ${credentialHint(error, whose)}\n`);
    return EXIT.usage;
  }
  if (isNetworkError(error)) {
    err.write(`error: ${networkHint(error as Error)}\n`);
    return EXIT.usage;
  }
  const usage =
    error instanceof UsageError || (error instanceof Error && error.name === 'ConfigError');
  err.write(`error: ${usage ? (error as Error).message : describeCause(error)}\n`);
  return usage ? EXIT.usage : EXIT.failed;
}
