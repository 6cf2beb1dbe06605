/** The one Markdown table renderer of the generated docs (guard table, records table, config reference). */

/** A Markdown table: a header row, the separator, one row per entry; cells are written as given. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
