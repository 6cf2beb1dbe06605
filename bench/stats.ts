/** Small statistics and formatting helpers of the benchmarks: no I/O, no AWS. */
import { formatTable } from '../cli/table';

/** The value below which `p` percent of `values` lie (nearest rank); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** The middle value (mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds since `start` (from `process.hrtime.bigint()`). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** `1.2 ms`, `340 ms`, `2.31 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

/** `812 KB`, `1.48 MB` (decimal units, as FACTS.md and the Lambda limits use them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (Math.abs(bytes) >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (Math.abs(bytes) >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} B`;
}

/** `ok`, `MISSED` or `-` for a figure checked against an upper bound. */
export function verdict(value: number, max: number | undefined): string {
  if (max === undefined) return '-';
  return value <= max ? 'ok' : 'MISSED';
}

/**
 * A figure against its target as a ratio, `0.39 ok` or `1.20 MISSED`: 1.00 is exactly the target,
 * below is inside it. For an upper-bound target only.
 */
export function ofTarget(value: number, target: number | undefined): string {
  if (target === undefined || !Number.isFinite(value)) return '-';
  const ratio = value / target;
  return `${ratio.toFixed(2)} ${ratio <= 1 ? 'ok' : 'MISSED'}`;
}

/** The report's tables: `|` between columns and a dashed rule under the headers. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  return formatTable(headers, rows, { separator: ' | ', rule: true, maxCell: 200 });
}
