import { codeLines, docFiles, headings, readDoc, tableRowKeys } from '../support/markdown';
import BEFORE from './readme-before-split.json';

/** What README.md and docs/ hold now, gathered over every file. */
function documentation() {
  const files = docFiles().map(readDoc);
  return {
    headings: new Set(files.flatMap(headings)),
    tableRows: new Set(files.flatMap(tableRowKeys)),
    codeLines: new Set(files.flatMap(codeLines)),
  };
}

describe('docs: nothing of the README was lost when it moved into docs/', () => {
  const now = documentation();

  it('keeps every heading of the README before the split, as a heading', () => {
    expect(BEFORE.headings.filter((h) => !now.headings.has(h))).toEqual([]);
  });

  it('keeps every table row of the README before the split, in a table of the same kind', () => {
    expect(BEFORE.tableRows.filter((r) => !now.tableRows.has(r))).toEqual([]);
  });

  it('keeps every command and code line of the README before the split', () => {
    expect(BEFORE.codeLines.filter((c) => !now.codeLines.has(c))).toEqual([]);
  });

  it('holds a list that is not empty, so the checks above compare something', () => {
    expect({
      headings: BEFORE.headings.length > 30,
      tableRows: BEFORE.tableRows.length > 100,
      codeLines: BEFORE.codeLines.length > 80,
    }).toEqual({ headings: true, tableRows: true, codeLines: true });
  });
});
