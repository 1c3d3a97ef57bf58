/**
 * Pinyin readings of the shop's words: "lianyiqun" (full), "lyq" (initials) and "lian衣裙" (mixed)
 * all read 连衣裙. Core stays free of a pinyin dictionary: the caller passes each word's syllables
 * (the db package uses the maintained `pinyin-pro`, which knows the readings of words, not only of
 * characters: 长裙 is chang qun); this module indexes them and reads queries back.
 */
import { isWordChar } from './contains.ts';

/** The syllables of a word, one per code point (lower case, no tones), or null when unknown. */
export type PinyinOf = (word: string) => readonly string[] | null;

export interface PinyinIndex {
  /** Full pinyin ("lianyiqun") and initials ("lyq") → the words that read so, in vocabulary order. */
  keys: ReadonlyMap<string, readonly string[]>;
  /** A character → its syllable in the first word holding it (to read mixed input). */
  chars: ReadonlyMap<string, string>;
}

const HAS_CJK = /\p{Script=Han}/u;
const LETTERS = /^[a-z]+$/;

function addKey(keys: Map<string, string[]>, key: string, word: string): void {
  const words = keys.get(key) ?? [];
  if (!words.includes(word)) words.push(word);
  keys.set(key, words);
}

/** Indexes the pinyin of every word that has Chinese characters. */
export function buildPinyinIndex(words: Iterable<string>, pinyinOf: PinyinOf | undefined): PinyinIndex {
  const keys = new Map<string, string[]>();
  const chars = new Map<string, string>();
  if (!pinyinOf) return { keys, chars };
  for (const word of words) {
    if (!HAS_CJK.test(word)) continue;
    const codePoints = [...word];
    const syllables = pinyinOf(word)?.map((syllable) => syllable.toLowerCase());
    if (!syllables || syllables.length !== codePoints.length) continue;
    if (!syllables.every((syllable) => LETTERS.test(syllable))) continue;
    addKey(keys, syllables.join(''), word);
    if (codePoints.length >= 2) addKey(keys, syllables.map((syllable) => syllable[0]).join(''), word);
    codePoints.forEach((char, i) => {
      if (HAS_CJK.test(char) && !chars.has(char)) chars.set(char, syllables[i]!);
    });
  }
  return { keys, chars };
}

/**
 * The words a space-free chunk of Latin letters, possibly mixed with Chinese characters, reads as:
 * "lianyiqun" and "lyq" → 连衣裙; "lian衣裙" → 连衣裙 (its characters read through the index). A chunk
 * with neither Latin letters nor a reading gives none.
 */
export function pinyinReadings(chunk: string, index: PinyinIndex): readonly string[] {
  let romanized = '';
  let latin = false;
  for (const char of chunk) {
    if (/[a-z]/.test(char)) {
      romanized += char;
      latin = true;
      continue;
    }
    if (isWordChar(char)) return [];
    const syllable = index.chars.get(char);
    if (syllable === undefined) return [];
    romanized += syllable;
  }
  return latin ? (index.keys.get(romanized) ?? []) : [];
}
