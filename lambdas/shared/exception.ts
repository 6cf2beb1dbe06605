/**
 * The one exception-tag check. Tag keys are compared case-insensitively, as IAM compares
 * `aws:ResourceTag/<key>`, so code and policy agree on what carries an exception. An expired or
 * malformed exception is still honoured (IAM denies on presence alone) and reported as such.
 */
import type { ExceptionTag } from './outcome';

/** Tag shapes of the services: EC2/IAM `{Key, Value}`, GuardDuty `{key, value}`, or a flat map. */
export type TagsInput =
  | readonly { readonly Key?: string; readonly Value?: string }[]
  | readonly { readonly key?: string; readonly value?: string }[]
  | Readonly<Record<string, string>>;

const VALUE = /^([^;]+?)\s*(?:;\s*expires=(\d{4}-\d{2}-\d{2}))?$/;

/** Reads `<ticket>[;expires=YYYY-MM-DD]` from an exception tag value. */
export function parseExceptionValue(
  key: string,
  value: string,
  now: Date = new Date(),
): ExceptionTag {
  const m = VALUE.exec(value.trim());
  const ticket = m?.[1]?.trim() ?? '';
  const expires = m?.[2];
  const start = expires === undefined ? Number.NaN : Date.parse(`${expires}T00:00:00Z`);
  // Date.parse rolls 2030-02-30 over to 2030-03-02: accept only a date that reads back the same.
  const validDate = !Number.isNaN(start) && new Date(start).toISOString().slice(0, 10) === expires;
  const malformed = !m || ticket === '' || (expires !== undefined && !validDate);
  const expired = validDate && Date.parse(`${expires}T23:59:59Z`) < now.getTime();
  return {
    key,
    value,
    ticket: ticket || value,
    ...(expires !== undefined ? { expires } : {}),
    expired,
    malformed,
  };
}

function pairs(tags: TagsInput): [string, string][] {
  if (Array.isArray(tags)) {
    return (tags as readonly Record<string, string | undefined>[]).map((t) => [
      t.Key ?? t.key ?? '',
      t.Value ?? t.value ?? '',
    ]);
  }
  return Object.entries(tags as Record<string, string>);
}

/** The exception carried by `tags` under `tagKey` (any letter case), or undefined. */
export function findException(
  tags: TagsInput | undefined,
  tagKey: string,
  now?: Date,
): ExceptionTag | undefined {
  if (!tags) return undefined;
  const wanted = tagKey.toLowerCase();
  const hit = pairs(tags).find(([k]) => k.toLowerCase() === wanted);
  return hit ? parseExceptionValue(hit[0], hit[1], now) : undefined;
}

/** Whether `tags` carry the exception tag. */
export function hasExceptionTag(tags: TagsInput | undefined, tagKey: string): boolean {
  return findException(tags, tagKey) !== undefined;
}

/** The reason text of a `skipped` outcome for an exception. */
export function exceptionReason(resource: string, exception: ExceptionTag): string {
  const notes = [
    exception.expired ? `expired on ${exception.expires}: renew or remove it` : undefined,
    exception.malformed
      ? 'the tag value is malformed (expected <ticket>[;expires=YYYY-MM-DD])'
      : undefined,
  ].filter(Boolean);
  return (
    `${resource} carries the exception tag ${exception.key}=${JSON.stringify(exception.value.slice(0, 128))}` +
    (notes.length ? ` (${notes.join('; ')})` : '') +
    '; nothing changed'
  );
}
