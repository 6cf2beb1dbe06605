/**
 * Builds and checks the exception tag an operator grants, before any AWS call: the value must read
 * back through the responders' own parser (`exception.ts`) as the same ticket and expiry.
 */
import { parseExceptionValue } from '../lambdas/shared/exception';
import { TAG_KEY } from '../lambdas/shared/patterns';
import { UsageError } from './errors';

// The characters IAM accepts in tag values (the strictest of EC2, S3 and IAM), without ';'.
const TICKET = /^[\p{L}\p{N}_.:/=+\-@ ]+$/u;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a tag key as the configuration schema does. */
export function checkTagKey(key: string): string {
  if (!TAG_KEY.test(key)) {
    throw new UsageError(
      `--tag-key ${JSON.stringify(key.slice(0, 140))} is not a valid tag key (1-128 characters, not starting with aws:)`,
    );
  }
  return key;
}

/** The UTC calendar day of `now`, `YYYY-MM-DD`. */
function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function checkExpiry(expires: string, now: Date): string {
  const m = DATE.exec(expires);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  // Date.UTC rolls 2026-02-30 over to March: a real date reads back as itself.
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== expires) {
    throw new UsageError(
      `--expires ${JSON.stringify(expires.slice(0, 40))} is not a date YYYY-MM-DD`,
    );
  }
  if (expires <= today(now)) {
    throw new UsageError(
      `--expires ${expires} is not in the future (today is ${today(now)} UTC); an exception ends at the end of its expiry day, UTC`,
    );
  }
  return expires;
}

/**
 * The tag value `<ticket>` or `<ticket>;expires=YYYY-MM-DD`. Throws {@link UsageError} for an empty
 * ticket, a ticket with `;` or characters IAM rejects, or an expiry that is not a future date.
 */
export function exceptionTagValue(
  key: string,
  ticket: string,
  expires: string | undefined,
  now: Date = new Date(),
): string {
  const t = ticket.trim();
  if (t === '')
    throw new UsageError('--ticket must not be empty: name the approval (e.g. CHG-1234)');
  if (t.includes(';')) {
    throw new UsageError('--ticket must not contain ";": it separates the ticket from the expiry');
  }
  if (!TICKET.test(t)) {
    throw new UsageError(
      `--ticket ${JSON.stringify(t.slice(0, 60))} may hold only letters, digits, spaces and _ . : / = + - @`,
    );
  }
  const value = expires === undefined ? t : `${t};expires=${checkExpiry(expires, now)}`;
  if (value.length > 256)
    throw new UsageError('--ticket is too long: tag values hold 256 characters');
  const parsed = parseExceptionValue(key, value, now);
  if (parsed.malformed || parsed.ticket !== t || parsed.expires !== expires) {
    throw new UsageError(
      `--ticket ${JSON.stringify(t.slice(0, 60))} would not read back as a ticket`,
    );
  }
  return value;
}
