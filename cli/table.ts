/** Plain-text tables for the terminal. Cells come from AWS tags, so they are made printable. */
import { escapeControl } from '../lambdas/shared/bounded';

/** A cell with control characters escaped and cut to `max` characters. */
export function printable(value: string, max = 80): string {
  const clean = escapeControl(value);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Formats `rows` under `headers` in left-aligned columns, two spaces apart, one line each. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const cells = [headers, ...rows].map((row) => row.map((c) => printable(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
