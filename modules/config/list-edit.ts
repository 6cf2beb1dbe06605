/**
 * A list setting whose intent is explicit: `{ "add": [...], "remove": [...] }` **edits** the
 * defaults, `{ "replace": [...] }` **replaces** them. A plain JSON array also replaces them (older
 * configurations keep working) and synth says which defaults it dropped (notices.ts). Removing an
 * entry that is not a default, or adding one that already is, is an error naming the entry, so a
 * typo cannot drop a default silently.
 */
import { z } from 'zod';
import { nearest } from './suggest';

const show = (v: string) => JSON.stringify(v);

const removalHint = (key: string, defaults: readonly string[]) => {
  const guess = nearest(key, defaults);
  return guess ? `did you mean ${show(guess)}?` : `defaults: ${defaults.map(show).join(', ')}`;
};

/**
 * The schema of a list with defaults: `items` validates one entry, `keyOf` names it (the entry
 * itself, or a rule's `name`), `removeItem` validates what `remove` lists.
 */
export function editableList<I extends z.ZodType, R extends z.ZodType<string>>(
  items: I,
  defaults: readonly z.output<I>[],
  keyOf: (item: z.output<I>) => string,
  removeItem: R,
) {
  const edit = z.strictObject({
    /** Entries added to the defaults. */
    add: z.array(items).default([]),
    /** Defaults removed (by entry, or by rule name). */
    remove: z.array(removeItem).default([]),
    /** The whole list instead of the defaults (not with `add` or `remove`). */
    replace: z.array(items).optional(),
  });
  return z
    .union([z.array(items), edit])
    .transform((value, ctx): z.output<I>[] => {
      if (Array.isArray(value)) return value as z.output<I>[];
      const edits = value as { add: z.output<I>[]; remove: string[]; replace?: z.output<I>[] };
      if (edits.replace) {
        if (edits.add.length > 0 || edits.remove.length > 0) {
          ctx.issues.push({
            code: 'custom',
            input: value,
            path: ['replace'],
            message:
              'replaces the whole list, so "add" and "remove" beside it would be ignored: keep either "replace" or "add"/"remove"',
          });
        }
        return edits.replace;
      }
      const defaultKeys = defaults.map(keyOf);
      edits.remove.forEach((key, i) => {
        if (!defaultKeys.includes(key)) {
          ctx.issues.push({
            code: 'custom',
            input: key,
            path: ['remove', i],
            message: `${show(key)} is not a default, so it cannot be removed (${removalHint(key, defaultKeys)})`,
          });
        }
      });
      edits.add.forEach((item, i) => {
        if (defaultKeys.includes(keyOf(item))) {
          ctx.issues.push({
            code: 'custom',
            input: keyOf(item),
            path: ['add', i],
            message: `${show(keyOf(item))} is already a default: list it only once`,
          });
        }
      });
      const kept = defaults.filter((d) => !edits.remove.includes(keyOf(d)));
      return [...kept.map((d) => structuredClone(d)), ...edits.add];
    })
    .default(defaults.map((d) => structuredClone(d)));
}
