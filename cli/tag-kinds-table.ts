/**
 * The table of the resource kinds `grant`, `revoke` and `audit` handle, generated from the
 * registry (`kinds.<kind>.exceptionTag` of each entry) for docs/exceptions.md: `npm run generate`
 * writes it and a test fails while the page's copy is stale.
 */
import { readActionOf } from '../lambdas/registry/declaration';
import { taggableKinds } from '../lambdas/registry/resource-kinds';
import { markdownTable } from '../modules/shared/markdown-table';

const LIVES = {
  region: 'one region (`--region` for an id)',
  global: 'global',
  'own-region': 'its own region',
} as const;

const code = (items: readonly string[]) => items.map((i) => `\`${i}\``).join(', ');

/** The Markdown table: one row per kind that carries the exception tag, in registry order. */
export function tagKindsTableMarkdown(): string {
  return markdownTable(
    [
      'kind',
      'TYPE',
      '`--resource`',
      'lives in',
      '`grant` / `revoke` call',
      '`audit` reads',
      'code',
    ],
    taggableKinds().map((k) => [
      `\`${k.kind}\``,
      k.tag.type,
      k.tag.forms.map((f) => (/[<…]/.test(f) ? `\`${f}\`` : f)).join(', '),
      LIVES[k.tag.lives],
      code(k.tag.tagActions),
      code(k.tag.auditReads.map(readActionOf)),
      `\`lambdas/${k.owner}/exception-tags.ts\``,
    ]),
  );
}
