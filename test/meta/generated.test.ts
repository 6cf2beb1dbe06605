import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  alignTable,
  blockPattern,
  documentationPages,
  GENERATE_COMMAND,
  GENERATED_BLOCKS,
  GENERATED_FILES,
  ROOT,
  withBlock,
} from '../../bin/generate';

// Every generated file and table is what `npm run generate` writes from today's sources.

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('generated files: current', () => {
  it('ships every generated file as its source renders it', () => {
    const stale = GENERATED_FILES.filter((g) => read(g.file) !== g.render()).map(
      (g) => `${g.file} is stale: run \`${GENERATE_COMMAND}\``,
    );

    expect(stale).toEqual([]);
  });

  it('keeps every generated table of README.md and docs/ current', () => {
    const stale = documentationPages()
      .filter((page) => GENERATED_BLOCKS.reduce(withBlock, read(page)) !== read(page))
      .map((page) => `${page} holds a stale generated table: run \`${GENERATE_COMMAND}\``);

    expect(stale).toEqual([]);
  });

  it('finds every generated table in some page', () => {
    const pages = documentationPages().map(read);
    const missing = GENERATED_BLOCKS.filter(
      (b) => !pages.some((text) => new RegExp(blockPattern(b.name).source).test(text)),
    ).map((b) => `<!-- ${b.name}:start --> ... <!-- ${b.name}:end --> is in no page`);

    expect(missing).toEqual([]);
  });
});

describe('generated files: the check can fail', () => {
  it('replaces an outdated table and keeps the spacing around it', () => {
    // Arrange
    const block = { name: 'sample', render: () => '| a | b |\n| --- | --- |\n| 1 | long |' };
    const page =
      'intro\n<!-- sample:start -->\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n<!-- sample:end -->\nend\n';
    // Act
    const regenerated = withBlock(page, block);
    // Assert
    expect(regenerated).toBe(
      'intro\n<!-- sample:start -->\n\n| a   | b    |\n| --- | ---- |\n| 1   | long |\n\n<!-- sample:end -->\nend\n',
    );
    expect(withBlock(regenerated, block)).toBe(regenerated);
  });

  it('aligns cells that hold an escaped pipe as one cell', () => {
    expect(alignTable('| k | v |\n| --- | --- |\n| x | a \\| b |')).toBe(
      '| k   | v      |\n| --- | ------ |\n| x   | a \\| b |',
    );
  });
});
