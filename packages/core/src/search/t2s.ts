import { T2S_PAIRS } from './t2s-table.ts';

/** Traditional character → simplified character, parsed once from the generated pair string. */
const T2S: ReadonlyMap<string, string> = (() => {
  const chars = Array.from(T2S_PAIRS);
  const table = new Map<string, string>();
  for (let i = 0; i + 1 < chars.length; i += 2) {
    table.set(chars[i] as string, chars[i + 1] as string);
  }
  return table;
})();

/**
 * Converts traditional Chinese characters to simplified ones, character by character ("連衣裙" →
 * "连衣裙"). No phrase-level conversion: this is for matching, not for display. Other text is returned
 * unchanged, and applying it twice gives the same result as applying it once.
 */
export function toSimplified(text: string): string {
  let out = '';
  for (const char of text) out += T2S.get(char) ?? char;
  return out;
}
