/**
 * Dictionary segmentation of a CJK run ("红色连衣裙" → "红色", "连衣裙"): fans type without spaces,
 * and ICU's word breaker splits 连衣裙 into 连|衣裙, so the shop's own words (synonyms, category names:
 * `SearchVocabulary.words`) are the dictionary. A dynamic programme over the run picks the split
 * that leaves the fewest characters outside dictionary words, then the fewest pieces; the characters
 * left over stay together as one piece each run ("红色" when only 连衣裙 is known), since they still
 * match as substrings. Pure and deterministic.
 */

/** Dictionary words shorter than this never split a run (a single 包 or 鞋 would cut too much). */
export const MIN_SEGMENT_WORD = 2;

interface Step {
  /** Characters outside dictionary words so far, and pieces so far. */
  unknown: number;
  pieces: number;
  /** Where the last piece started, and whether it is a dictionary word. */
  from: number;
  word: boolean;
}

const better = (a: Step, b: Step | undefined): boolean =>
  b === undefined || a.unknown < b.unknown || (a.unknown === b.unknown && a.pieces < b.pieces);

/**
 * Splits one CJK run into dictionary words and the runs of characters between them. Returns the run
 * alone when it is a word itself or holds no word.
 */
export function segmentRun(run: string, words: ReadonlySet<string>, maxWordLength: number): string[] {
  const chars = [...run];
  if (words.has(run) || chars.length < MIN_SEGMENT_WORD) return [run];
  const best: (Step | undefined)[] = [{ unknown: 0, pieces: 0, from: 0, word: false }];
  for (let i = 0; i < chars.length; i += 1) {
    const here = best[i]!;
    const single: Step = { unknown: here.unknown + 1, pieces: here.pieces + 1, from: i, word: false };
    if (better(single, best[i + 1])) best[i + 1] = single;
    let text = chars[i]!;
    for (let end = i + 2; end <= Math.min(chars.length, i + maxWordLength); end += 1) {
      text += chars[end - 1]!;
      if (!words.has(text)) continue;
      const step: Step = { unknown: here.unknown, pieces: here.pieces + 1, from: i, word: true };
      if (better(step, best[end])) best[end] = step;
    }
  }
  const pieces: { text: string; word: boolean }[] = [];
  for (let end = chars.length; end > 0;) {
    const step = best[end]!;
    pieces.unshift({ text: chars.slice(step.from, end).join(''), word: step.word });
    end = step.from;
  }
  // Characters outside words that follow one another form one piece.
  const merged: string[] = [];
  let loose = '';
  for (const piece of pieces) {
    if (piece.word) {
      if (loose !== '') merged.push(loose);
      loose = '';
      merged.push(piece.text);
    } else loose += piece.text;
  }
  if (loose !== '') merged.push(loose);
  return merged;
}
