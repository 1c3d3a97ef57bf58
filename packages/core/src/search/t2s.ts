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
 * The same table by UTF-16 code unit for traditional characters in the BMP (0 = no mapping), and
 * whether any traditional character lies outside it: `toSimplified` and `normalizeText` skip the
 * Map for nearly every character this way.
 */
const BMP_T2S = new Uint32Array(0x10000);
let hasAstralTraditional = false;
for (const [traditional, simplified] of T2S) {
  const code = traditional.codePointAt(0) as number;
  if (code > 0xffff) hasAstralTraditional = true;
  else BMP_T2S[code] = simplified.codePointAt(0) as number;
}

/**
 * The simplified code point of a traditional one, or `codePoint` itself. For code points of a string
 * that `toSimplified` would convert character by character.
 */
export function simplifiedCodePoint(codePoint: number): number {
  if (codePoint <= 0xffff) return BMP_T2S[codePoint] || codePoint;
  if (!hasAstralTraditional) return codePoint;
  const simplified = T2S.get(String.fromCodePoint(codePoint));
  return simplified === undefined ? codePoint : (simplified.codePointAt(0) as number);
}

/**
 * Converts traditional Chinese characters to simplified ones, character by character ("連衣裙" →
 * "连衣裙"). No phrase-level conversion: this is for matching, not for display. Other text is returned
 * unchanged, and applying it twice gives the same result as applying it once.
 */
export function toSimplified(text: string): string {
  let i = 0;
  // Most text has no traditional character at all: return it as is.
  for (; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (BMP_T2S[code] !== 0 || (hasAstralTraditional && code >= 0xd800 && code <= 0xdbff)) break;
  }
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (const char of text.slice(i)) out += T2S.get(char) ?? char;
  return out;
}
