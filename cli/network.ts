/**
 * Network failures in words an operator can act on: AWS could not be reached at all (no route, no
 * DNS, a proxy refusing, a timeout), so nothing was read or changed through that call. The codes
 * are the ones the SDK's own retry strategy treats as network and timeout errors
 * (`@smithy/core` retry: NODEJS_NETWORK_ERROR_CODES, NODEJS_TIMEOUT_ERROR_CODES, TRANSIENT_ERROR_CODES).
 */

/** Node.js socket and DNS error codes that mean "AWS was not reached". */
const NETWORK_CODES = new Set([
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

/** Error names of the SDK's HTTP handlers for a request that timed out. */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

const NETWORK_TEXT = /\b(getaddrinfo (ENOTFOUND|EAI_AGAIN)|connect (ECONNREFUSED|ETIMEDOUT))\b/;

/** Whether `error` (or one of its causes) says that AWS could not be reached. */
export function isNetworkError(error: unknown, depth = 0): boolean {
  // Not `instanceof Error`: socket and DNS errors may come from another realm (a VM context).
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, name, message, cause } = error as Record<string, unknown>;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof name === 'string' && TIMEOUT_NAMES.has(name)) return true;
  if (typeof message === 'string' && NETWORK_TEXT.test(message)) return true;
  return isNetworkError(cause, depth + 1);
}

/** Whether a failure reason (an outcome's `reason`) says that AWS could not be reached. */
export function isNetworkReason(reason: string): boolean {
  return NETWORK_TEXT.test(reason) || /\bTimeoutError:/.test(reason);
}

/** The message for a network failure: what failed, that it was not a finding, and what to check. */
export function networkHint(error: { message: string }): string {
  return (
    `could not reach AWS (${error.message.split('\n')[0]}).\n` +
    '  Nothing was checked through this call: this is no finding about your accounts. Check the\n' +
    '  network or VPN, the proxy (HTTPS_PROXY, NO_PROXY) and the region, then run the command again.'
  );
}
