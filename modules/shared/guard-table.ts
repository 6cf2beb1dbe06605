/**
 * The documentation table of what IAM guards and what only code guards, rendered from
 * {@link exceptionGuardTable} so that docs/exceptions.md cannot drift from the policies (a test
 * compares them; `npm run docs:guards` prints it).
 */
import { markdownTable } from './markdown-table';
import { exceptionGuardTable } from './member-policy';

const GUARD_TEXT = {
  iam: 'IAM + code',
  'iam-with-bucket-abac': 'IAM (bucket ABAC on) + code',
  'code-only': 'code only',
} as const;

/** The Markdown table, one row per action. */
export function guardTableMarkdown(): string {
  const rows = exceptionGuardTable().map((r) => [
    `\`${r.action}\``,
    `${r.role} role`,
    r.resources.map((k) => `\`${k}\``).join(', '),
    GUARD_TEXT[r.guard],
    r.note ?? '',
  ]);
  return markdownTable(['action', 'called by', 'resource types', 'guard', 'note'], rows);
}

if (require.main === module) process.stdout.write(`${guardTableMarkdown()}\n`);
