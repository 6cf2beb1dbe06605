/** Errors and exit codes of the operator commands. */
import { describeCause } from '../lambdas/shared/errors';

/** Exit codes: 0 success, 1 a finding, flag or AWS failure, 2 bad input (no change was made). */
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

/** Prints `error` to `err` and returns its exit code: 2 for bad input, 1 for anything else. */
export function reportError(error: unknown, err: Output): ExitCode {
  const usage =
    error instanceof UsageError || (error instanceof Error && error.name === 'ConfigError');
  err.write(`error: ${usage ? (error as Error).message : describeCause(error)}\n`);
  return usage ? EXIT.usage : EXIT.failed;
}
