/**
 * What the query planner knows of the shop's words: the staff synonyms and the category names, and
 * the dictionary made of them for segmentation. The db package loads it (`loadSearchVocabulary`);
 * tests build it with `buildSearchVocabulary`.
 */
import { normalizeQuery } from './normalize.ts';
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
}

export interface SearchVocabularyInput {
  synonyms?: readonly (SynonymGroup | SynonymRule)[];
  categories?: readonly VocabularyCategory[];
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
  return { synonyms, categories, words, maxWordLength };
}
