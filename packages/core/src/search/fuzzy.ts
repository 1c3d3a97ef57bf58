/**
 * Typo tolerance for Latin words: "dres" → dress, "lipstik" → lipstick, "skrit" → skirt. Only words of
 * 4 letters or more, one edit up to 7 letters, two above; an edit is an insertion, a deletion, a
 * substitution or a swap of neighbours (optimal string alignment). CJK is never matched fuzzily.
 */

/** Shortest word corrected, and the length from which two edits are allowed. */
export const TYPO_MIN_LENGTH = 4;
export const TYPO_TWO_EDITS_FROM = 8;

const LATIN_WORD = /^[a-z][a-z-]*$/;

/** Edits allowed for a typed word of this length (0: not corrected). */
export function typoBudget(word: string): number {
  if (!LATIN_WORD.test(word) || word.length < TYPO_MIN_LENGTH) return 0;
  return word.length >= TYPO_TWO_EDITS_FROM ? 2 : 1;
}

/** Optimal string alignment distance of `a` and `b`, or `max + 1` as soon as it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The vocabulary words within the typo budget of `word`, closest first, then in vocabulary order.
 * A word of the vocabulary itself, or too short, gets none.
 */
export function typoCorrections(word: string, vocabulary: readonly string[]): string[] {
  const budget = typoBudget(word);
  if (budget === 0 || vocabulary.includes(word)) return [];
  const found: { word: string; distance: number }[] = [];
  for (const candidate of vocabulary) {
    if (!LATIN_WORD.test(candidate)) continue;
    const distance = editDistance(word, candidate, budget);
    if (distance <= budget) found.push({ word: candidate, distance });
  }
  return found.sort((a, b) => a.distance - b.distance).map((entry) => entry.word);
}
