/**
 * "Did you mean …?" suggestions for misspelled element symbols, parameter
 * names and roles.
 *
 * @module
 */

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition,
 * Damerau 1964) between two strings. Two rolling rows plus one, so memory is
 * O(|b|).
 *
 * @param a - first string
 * @param b - second string
 * @returns number of single-character insertions, deletions, substitutions and
 *   adjacent swaps that turn `a` into `b`
 * @example
 * ```ts
 * editDistance('CEP', 'CPE'); // 1 (one swap)
 * ```
 */
export function editDistance(a: string, b: string): number {
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/**
 * Close matches of `word` among `candidates`, compared case-insensitively with
 * {@link editDistance}. A candidate qualifies when its distance is at most 0
 * for one-letter words (only a case mix-up such as `r` → `R`), 1 for words of
 * two to four letters and 2 for longer words. Results are sorted by distance,
 * then alphabetically, at most `max` of them.
 *
 * @param word - the unknown word
 * @param candidates - valid spellings
 * @param max - maximum number of suggestions (default 3)
 * @returns the suggestions, best first (may be empty)
 * @example
 * ```ts
 * suggest('CEP', ['R', 'C', 'L', 'CPE']); // ['CPE']
 * suggest('zarc', ['Zarc', 'R']);         // ['Zarc']
 * ```
 */
export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const limit = w.length <= 1 ? 0 : w.length <= 4 ? 1 : 2;
  const scored: Array<[number, string]> = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c) || c === word) continue;
    seen.add(c);
    const d = editDistance(w, c.toLowerCase());
    if (d <= limit) scored.push([d, c]);
  }
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  return scored.slice(0, max).map((s) => s[1]);
}
