import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordsTableMarkdown } from '../../cli/records-table';
import { guardTableMarkdown } from '../../modules/shared/guard-table';

/** Table rows as trimmed cells, so Markdown padding does not matter. */
const cells = (table: string) =>
  table
    .trim()
    .split('\n')
    .filter((line) => !/^\|[\s-|]+\|$/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );

describe('docs/exceptions.md', () => {
  it('shows the guard table the member policies are built from', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'exceptions.md'), 'utf8');
    const between =
      /<!-- guard-table:start -->([\s\S]*?)<!-- guard-table:end -->/.exec(doc)?.[1] ?? '';

    expect(cells(between)).toEqual(cells(guardTableMarkdown()));
  });

  it('shows what a response records on its finding, from the data the code acts on', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'exceptions.md'), 'utf8');
    const between =
      /<!-- records-table:start -->([\s\S]*?)<!-- records-table:end -->/.exec(doc)?.[1] ?? '';

    expect(cells(between)).toEqual(cells(recordsTableMarkdown()));
    expect(doc).not.toMatch(/dry-run[^.]*is recorded on the finding/i);
  });
});
