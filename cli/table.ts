/**
 * Plain-text tables for the terminal (the operator tool and the benchmarks' report). Cells come
 * from AWS tags, so they are made printable.
 */
import { escapeControl } from '../lambdas/shared/bounded';

/** A cell with control characters escaped and cut to `max` characters. */
export function printable(value: string, max = 80): string {
  const clean = escapeControl(value);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** How a table looks: the column separator, a dashed rule under the headers, the widest cell. */
export interface TableStyle {
  /** @default two spaces */
  readonly separator?: string;
  /** A line of dashes under the headers. @default false */
  readonly rule?: boolean;
  /** @default 80 */
  readonly maxCell?: number;
}

/** Formats `rows` under `headers` in left-aligned columns, one line each. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  style: TableStyle = {},
): string {
  const { separator = '  ', rule = false, maxCell = 80 } = style;
  const cells = [headers, ...rows].map((row) => row.map((c) => printable(c, maxCell)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const lines = cells.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join(separator)
      .trimEnd(),
  );
  if (rule) {
    lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join(separator.replaceAll(' ', '-')));
  }
  return lines.join('\n');
}
