/**
 * What the query planner knows of the shop's words: the staff synonyms and the category names, and
 * the dictionary made of them for segmentation. The db package loads it (`loadSearchVocabulary`);
 * tests build it with `buildSearchVocabulary`.
 */
import { normalizeQuery } from './normalize.ts';
import { buildPinyinIndex } from './pinyin.ts';
import type { PinyinIndex, PinyinOf } from './pinyin.ts';
import { buildSynonymIndex } from './synonyms.ts';
import type { SynonymGroup, SynonymIndex, SynonymRule } from './synonyms.ts';

export interface VocabularyCategory {
  id: number;
  name: string;
}

export interface SearchVocabulary {
  synonyms: SynonymIndex;
  /** Normalised category name → the ids of the categories of that name. */
  categories: ReadonlyMap<string, readonly number[]>;
  /** Every synonym term and category name: the dictionary of `segmentRun`. */
  words: ReadonlySet<string>;
  /** Length of the longest word, in code points. */
  maxWordLength: number;
  /** The words' pinyin (full and initials), when a pinyin source was given. */
  pinyin: PinyinIndex;
  /** The words in Latin letters, for typo corrections. */
  latinWords: readonly string[];
}

export interface SearchVocabularyInput {
  synonyms?: readonly (SynonymGroup | SynonymRule)[];
  categories?: readonly VocabularyCategory[];
  /** The syllables of a word (the db package passes pinyin-pro's); without it no pinyin is read. */
  pinyinOf?: PinyinOf;
}

export function buildSearchVocabulary(input: SearchVocabularyInput = {}): SearchVocabulary {
  const categories = new Map<string, number[]>();
  for (const category of input.categories ?? []) {
    const name = normalizeQuery(category.name);
    if (name === '') continue;
    const ids = categories.get(name) ?? [];
    if (!ids.includes(category.id)) ids.push(category.id);
    categories.set(name, ids);
  }
  const synonyms = buildSynonymIndex(input.synonyms ?? []);
  const words = new Set([...synonyms.terms, ...categories.keys()]);
  const maxWordLength = Math.max(0, ...[...words].map((word) => [...word].length));
  const pinyin = buildPinyinIndex(words, input.pinyinOf);
  const latinWords = [...words].filter((word) => /^[a-z][a-z-]*$/.test(word));
  return { synonyms, categories, words, maxWordLength, pinyin, latinWords };
}
