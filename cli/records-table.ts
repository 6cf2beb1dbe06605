/**
 * The table of what a response records on its finding, generated from `FINDING_RECORDS` (the data
 * `recordOutcome` acts on), for docs/exceptions.md: `npm run docs:records` prints it and a test keeps
 * the document equal to it.
 */
import { OUTCOME_STATUSES } from '../lambdas/shared/outcome';
import { FINDING_RECORDS, RECORDS_IN_DRY_RUN } from '../lambdas/shared/report';
import { markdownTable } from '../modules/shared/markdown-table';

/** The Markdown table: one row per recorded status, then what records nothing. */
export function recordsTableMarkdown(): string {
  const rows = Object.entries(FINDING_RECORDS).map(([status, r]) => [
    `\`${status}\``,
    '`contain`',
    r.archive ? 'archived' : 'left active',
    r.workflow ? `workflow \`${r.workflow}\` and a note` : 'a note, workflow unchanged',
    r.ocsfStatusId !== undefined
      ? `\`status_id\` ${r.ocsfStatusId} and a comment`
      : 'a comment, status unchanged',
  ]);
  const recorded = Object.keys(FINDING_RECORDS);
  const others = OUTCOME_STATUSES.filter((s) => !recorded.includes(s));
  return markdownTable(
    [
      'outcome',
      'mode',
      'GuardDuty finding',
      'Security Hub CSPM finding (ASFF)',
      'Security Hub finding (OCSF)',
    ],
    [
      ...rows,
      ...(RECORDS_IN_DRY_RUN ? [] : [['any', '`dry-run`', 'unchanged', 'unchanged', 'unchanged']]),
      [others.map((s) => `\`${s}\``).join(', '), 'any', 'unchanged', 'unchanged', 'unchanged'],
    ],
  );
}

if (require.main === module) process.stdout.write(`${recordsTableMarkdown()}\n`);
