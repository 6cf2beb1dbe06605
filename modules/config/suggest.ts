/** "Did you mean" for configuration errors: the nearest of the valid words, when one is close. */

/** Edit distance (insertions, deletions, substitutions) between `a` and `b`, case-insensitive. */
export function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[y.length] ?? 0;
}

/** The valid word nearest to `word`, if it is within a third of its length (at least 2 edits). */
export function nearest(word: string, valid: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: { word: string; d: number } | undefined;
  for (const v of valid) {
    const d = distance(word, v);
    if (d <= limit && (!best || d < best.d)) best = { word: v, d };
  }
  return best?.word;
}
