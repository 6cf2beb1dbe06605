/**
 * `npm run generate`: rewrites every generated file from its source, so one command keeps them in
 * step after a change to the registry, the configuration schema or the exception guards. The
 * JSON Schema is a whole file; each Markdown table sits between `<!-- <name>:start -->` and
 * `<!-- <name>:end -->` in whichever page of README.md or docs/ holds it (a page may move, the
 * marker goes with it). test/meta/generated.test.ts fails, naming this command, when one is stale.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { recordsTableMarkdown } from '../cli/records-table';
import { tagKindsTableMarkdown } from '../cli/tag-kinds-table';
import { configJsonSchemaText, SCHEMA_FILE_NAME } from '../modules/config/json-schema';
import { configReferenceMarkdown } from '../modules/config/reference';
import { guardTableMarkdown } from '../modules/shared/guard-table';

/** The command that regenerates every generated file. */
export const GENERATE_COMMAND = 'npm run generate';

/** The project's root folder. */
export const ROOT = join(__dirname, '..');

/** A whole file written from its source. */
export interface GeneratedFile {
  readonly file: string;
  readonly render: () => string;
}

/** A Markdown table kept between the start and end markers of `name`. */
export interface GeneratedBlock {
  readonly name: string;
  readonly render: () => string;
}

/** The generated whole files, relative to the root. */
export const GENERATED_FILES: readonly GeneratedFile[] = [
  { file: SCHEMA_FILE_NAME, render: configJsonSchemaText },
];

/** The generated tables of the documentation. */
export const GENERATED_BLOCKS: readonly GeneratedBlock[] = [
  { name: 'config-reference', render: configReferenceMarkdown },
  { name: 'guard-table', render: guardTableMarkdown },
  { name: 'records-table', render: recordsTableMarkdown },
  { name: 'tag-kinds', render: tagKindsTableMarkdown },
];

/** README.md and every Markdown page under docs/, relative to the root. */
export function documentationPages(root: string = ROOT): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir)).flatMap((f) => {
      const path = join(dir, f);
      if (statSync(join(root, path)).isDirectory()) return walk(path);
      return f.endsWith('.md') ? [path] : [];
    });
  return ['README.md', ...walk('docs')].map((p) => relative('.', p).split('\\').join('/'));
}

/** The block of `name` in a page: its start marker, blank lines, content, blank lines, end marker. */
export function blockPattern(name: string): RegExp {
  return new RegExp(`(<!-- ${name}:start -->\\s*)[\\s\\S]*?(\\s*<!-- ${name}:end -->)`, 'g');
}

/** Pads every cell of a Markdown table to its column's width, as the pages are formatted. */
export function alignTable(table: string): string {
  const rows = table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  const widths = rows[0].map((_, i) => Math.max(3, ...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r, n) =>
      n === 1
        ? `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`
        : `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`,
    )
    .join('\n');
}

/** `text` with every block of `block` holding the freshly rendered table (spacing kept). */
export function withBlock(text: string, block: GeneratedBlock): string {
  const table = alignTable(block.render());
  return text.replace(blockPattern(block.name), (_, start: string, end: string) => {
    return `${start}${table}${end}`;
  });
}

/** Writes every generated file and block; returns the files that changed. */
export function generate(root: string = ROOT): string[] {
  const changed: string[] = [];
  const write = (file: string, text: string) => {
    const path = join(root, file);
    if (readFileSync(path, 'utf8') === text) return;
    writeFileSync(path, text);
    changed.push(file);
  };
  for (const g of GENERATED_FILES) write(g.file, g.render());
  for (const page of documentationPages(root)) {
    const text = readFileSync(join(root, page), 'utf8');
    write(page, GENERATED_BLOCKS.reduce(withBlock, text));
  }
  return changed;
}

if (require.main === module) {
  const changed = generate();
  process.stdout.write(
    changed.length ? `regenerated: ${changed.join(', ')}\n` : 'every generated file is current\n',
  );
}
