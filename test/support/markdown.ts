/**
 * Just enough Markdown reading for the docs tests: headings, links, table rows and code lines,
 * each taken from outside (or, for code, inside) fenced code blocks, so a `# comment` in a shell
 * block is never a heading.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

/** The documentation files, relative to the root: the README and every page under docs/. */
export function docFiles(): string[] {
  const pages = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...pages];
}

/** The text of a documentation file, by path relative to the root. */
export const readDoc = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

interface Line {
  readonly text: string;
  /** The info string of the fenced block the line is in (`sh`, `json`, `''`), or undefined outside. */
  readonly fence?: string;
}

function linesOf(markdown: string): Line[] {
  const out: Line[] = [];
  let fence: string | undefined;
  for (const text of markdown.split('\n')) {
    const opening = /^\s*```(\S*)/.exec(text);
    if (opening) {
      fence = fence === undefined ? (opening[1] ?? '') : undefined;
      continue;
    }
    out.push(fence === undefined ? { text } : { text, fence });
  }
  return out;
}

/** The text of every heading outside code blocks, without the `#`s. */
export function headings(markdown: string): string[] {
  return linesOf(markdown)
    .filter((l) => l.fence === undefined)
    .flatMap((l) => /^#{1,6} (.+?)\s*$/.exec(l.text)?.[1] ?? []);
}

/**
 * The anchor GitHub gives a heading (github-slugger's rule): inline-code marks dropped, lower case,
 * every character that is not a letter, mark, number, connector, space or hyphen removed, spaces to
 * hyphens; a repeated slug gets `-1`, `-2`, ...
 */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const heading of headings(markdown)) {
    const base = heading
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.add(count === 0 ? base : `${base}-${count}`);
  }
  return out;
}

/** Every Markdown link target outside code blocks and inline code: `[text](target)`. */
export function links(markdown: string): string[] {
  return linesOf(markdown)
    .filter((l) => l.fence === undefined)
    .flatMap((l) => [...l.text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)])
    .map((m) => m[1] as string);
}

/** One key per table row: the first cell of its table's header, `›`, the row's first cell. */
export function tableRowKeys(markdown: string): string[] {
  const keys: string[] = [];
  let header: string | undefined;
  for (const { text, fence } of linesOf(markdown)) {
    if (fence !== undefined || !text.startsWith('|')) {
      header = undefined;
      continue;
    }
    if (/^\|[\s|:-]+\|$/.test(text)) continue;
    const first = (text.split(/(?<!\\)\|/)[1] ?? '').trim();
    header ??= first;
    keys.push(`${header} › ${first}`);
  }
  return keys;
}

/**
 * Every non-empty line of every fenced code block, with runs of spaces collapsed and, in shell
 * blocks, the trailing `# comment` dropped: what a reader copies.
 */
export function codeLines(markdown: string): string[] {
  return linesOf(markdown)
    .filter((l) => l.fence !== undefined)
    .map((l) => {
      const text = l.fence === 'sh' ? l.text.replace(/\s+#\s.*$/, '') : l.text;
      return text.replace(/\s+/g, ' ').trim();
    })
    .filter((t) => t !== '');
}
