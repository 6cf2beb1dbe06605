/** The result of one health check of `doctor`, and how results combine. */

/** `ok` healthy, `fail` a problem found, `unknown` could not be checked. */
export type CheckStatus = 'ok' | 'fail' | 'unknown';

/** One check: its status and, unless ok, why. */
export interface Check {
  readonly status: CheckStatus;
  readonly detail?: string;
}

/** A healthy check. */
export const OK: Check = { status: 'ok' };

/** A problem found. */
export const fail = (detail: string): Check => ({ status: 'fail', detail });

/** A check that could not be made. */
export const unknown = (detail: string): Check => ({ status: 'unknown', detail });

/** The worst of `checks`: any fail is unhealthy, else any unknown is unchecked, else healthy. */
export function overall(checks: readonly Check[]): 'healthy' | 'unhealthy' | 'unchecked' {
  if (checks.some((c) => c.status === 'fail')) return 'unhealthy';
  if (checks.some((c) => c.status === 'unknown')) return 'unchecked';
  return 'healthy';
}
