/**
 * Bounded copies of untrusted input. An event can carry hostile or huge values (a 1 MiB tag key, a
 * deep object); whatever of it reaches an error message, a log line or an alert is cut first and
 * only then escaped or serialised, so the cost and the size stay bounded whatever the input.
 */

/** Longest copy of one input value in a message, a log field or an alert. */
export const MAX_COPIED = 256;

// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** `value` with control characters escaped as `\\uXXXX` (the one escape of logs, alerts and terminal tables). */
export function escapeControl(value: string): string {
  return value.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A string from an event, cut to `max` characters (before escaping) with control characters escaped. */
export function bounded(value: string, max = MAX_COPIED): string {
  const head = value.length > max ? value.slice(0, max) : value;
  const clean = escapeControl(head);
  const cut = clean.length > max ? clean.slice(0, max) : clean;
  return cut.length < value.length || clean.length > max ? `${cut}…` : cut;
}

const CUT = Symbol('cut');

/** Thrown by {@link preview}'s walk for what JSON cannot print (bigints). */
class NotJson extends Error {}

/**
 * The JSON text of `value`, or its first `max` characters followed by `…`: the walk stops as soon
 * as `max` is passed, so a huge value costs no more than a small one. Objects print as `{…}`
 * without their keys, since listing the keys of an object costs as much as the object is big;
 * arrays print item by item. Values JSON cannot print (bigints) give their object tag, as
 * `Object.prototype.toString` does.
 */
export function preview(value: unknown, max = 64): string {
  if (typeof value === 'string') return bounded(value, max);
  let out = '';
  const emit = (text: string): void => {
    out += text;
    if (out.length > max) throw CUT;
  };
  const walk = (v: unknown, inArray: boolean): void => {
    if (v === null || typeof v === 'boolean') emit(String(v));
    else if (typeof v === 'number') emit(Number.isFinite(v) ? String(v) : 'null');
    else if (typeof v === 'string') emit(JSON.stringify(v.slice(0, max + 1)));
    else if (typeof v === 'bigint') throw new NotJson();
    else if (Array.isArray(v)) {
      // A circular array ends too: each level emits at least one character of the budget.
      emit('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) emit(',');
        walk(v[i] === undefined || typeof v[i] === 'function' ? null : v[i], true);
      }
      emit(']');
    } else if (typeof v === 'object') emit('{…}');
    else emit(inArray ? 'null' : String(v));
  };
  try {
    walk(value, false);
    return out;
  } catch (stop) {
    if (stop === CUT) return `${out.slice(0, max)}…`;
    if (stop instanceof NotJson) return bounded(Object.prototype.toString.call(value), max);
    throw stop;
  }
}
