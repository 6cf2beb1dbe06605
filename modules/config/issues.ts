/**
 * Configuration issues as lines an operator can act on: one line per mistake (a union reports the
 * branch the value was meant for, not every branch; a check on a whole list is dropped when an entry
 * of that list already failed), with the valid keys or the nearest one where that is knowable.
 */
import type { z } from 'zod';
import { formatPath as formatEventPath } from '../../lambdas/shared/errors';
import { issueText } from './issue-text';
import { keysAt } from './json-schema';
import { nearest } from './suggest';

type Issue = z.core.$ZodIssue;

/** One reported mistake: the dotted key path and the text after it. */
export interface IssueLine {
  readonly path: string;
  readonly text: string;
}

/** `regions[1]`, `responseModes.accounts.111111111111` (empty at the root). */
export function formatPath(path: readonly PropertyKey[]): string {
  return formatEventPath(path, '');
}

/** The issues of the union branch the value was meant for (fewest issues, shape matched). */
function flattenUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  // A branch whose own value was rejected (wrong type, not the literal) was not the one meant.
  const shapeMatched = issue.errors.filter(
    (branch) => !branch.some((i) => i.code !== 'unrecognized_keys' && i.path.length === 0),
  );
  const best = [...shapeMatched].sort((a, b) => a.length - b.length)[0];
  if (!best) return [issue];
  return best.flatMap((i) => flattenUnion({ ...i, path: [...issue.path, ...i.path] } as Issue));
}

function unknownKeyText(key: string, path: readonly PropertyKey[]): string {
  const valid = keysAt(path.filter((p): p is string => typeof p === 'string'));
  const guess = nearest(key, valid);
  const hint = guess
    ? `; did you mean ${JSON.stringify(guess)}?`
    : valid.length > 0
      ? ` (valid keys: ${valid.join(', ')})`
      : '';
  return `unknown key ${JSON.stringify(key)}${hint}`;
}

/** Every mistake once, in the order found. */
export function formatIssues(issues: readonly Issue[]): IssueLine[] {
  const flat = issues.flatMap(flattenUnion);
  const lines: IssueLine[] = [];
  // A misspelt required key is one mistake: "unknown key organisation" says it, "organization
  // missing" would say it again.
  const misspelt = new Set<string>();
  for (const issue of flat) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) {
      const text = unknownKeyText(key, issue.path);
      const meant = /did you mean "([^"]+)"/.exec(text)?.[1];
      if (meant) misspelt.add(formatPath([...issue.path, meant]));
    }
  }
  for (const issue of flat) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        lines.push({
          path: formatPath([...issue.path, key]),
          text: unknownKeyText(key, issue.path),
        });
      }
    } else if (!(issue.code === 'invalid_type' && misspelt.has(formatPath(issue.path)))) {
      lines.push({ path: formatPath(issue.path), text: issueText(issue) });
    }
  }
  // A check on a whole list or object repeats a mistake already reported inside it.
  const inside = (outer: string, inner: string) =>
    inner !== outer &&
    (outer === '' || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`));
  const kept = lines.filter((l) => !lines.some((o) => inside(l.path, o.path)));
  const seen = new Set<string>();
  return kept
    .map((l) => ({ path: l.path, text: `${l.path || '(config)'}: ${l.text}` }))
    .filter((l) => !seen.has(l.text) && seen.add(l.text) !== undefined);
}
