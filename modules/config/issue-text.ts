/**
 * A validator issue in the product's words, with the fix where it is knowable: a record key gets
 * its own check's message ("… is not a 12-digit AWS account id", not "Invalid key in record"), a
 * value of the wrong JSON type says how to write it (an account id in quotes), and a value outside
 * a fixed set gets the nearest valid one ("contained": did you mean "contain"?).
 */
import type { z } from 'zod';
import { nearest } from './suggest';

type Issue = z.core.$ZodIssue;

/** A value as JSON, cut at 64 characters. */
const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 64 ? `${s.slice(0, 64)}…` : s;
};

/** What a JSON value is, in words. */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${show(v)}`;
  if (typeof v === 'number') return `the number ${show(v)}`;
  if (typeof v === 'boolean') return `${v}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

const EXPECTED: Record<string, string> = {
  string: 'a string (in quotes)',
  number: 'a number',
  boolean: 'true or false (without quotes)',
  array: 'a list, e.g. [...]',
  object: 'an object, e.g. { ... }',
};

/** How to write `input` as the `expected` type, when that is a plain rewrite. */
function rewrite(expected: string, input: unknown): string | undefined {
  if (expected === 'string' && typeof input === 'number') {
    return `write it in quotes: "${input}" (a JSON number also drops an account id's leading zeros)`;
  }
  if (expected === 'boolean' && (input === 'true' || input === 'false')) {
    return `write ${input} without quotes`;
  }
  if (
    expected === 'number' &&
    typeof input === 'string' &&
    input.trim() !== '' &&
    !Number.isNaN(Number(input))
  ) {
    return `write ${Number(input)} without quotes`;
  }
  if (expected === 'array' && (typeof input === 'string' || typeof input === 'number')) {
    return `write a list: [${show(input)}]`;
  }
  return undefined;
}

/** The text of one issue (after its path). */
export function issueText(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_key': {
      const inner = issue.issues[0];
      return inner ? inner.message : `${show(issue.input)} is not a valid key here`;
    }
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      const fix = rewrite(issue.expected, issue.input);
      return `must be ${expected}, not ${kindOf(issue.input)}${fix ? `; ${fix}` : ''}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const guess = typeof issue.input === 'string' ? nearest(issue.input, values) : undefined;
      const listed = issue.values.map((v) => show(v)).join(', ');
      return `${show(issue.input)} is not one of ${listed}${guess ? `; did you mean ${show(guess)}?` : ''}`;
    }
    default:
      return issue.message;
  }
}
