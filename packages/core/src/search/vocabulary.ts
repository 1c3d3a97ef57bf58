/**
 * What the query planner knows of the shop's words: the staff synonyms and the category names. The
 * db package loads it (`loadSearchVocabulary`); tests build it with `buildSearchVocabulary`.
 */
import { normalizeQuery } from './normalize.ts';
import { buildSynonymIndex } from './synonyms.ts';
import type { SynonymGroup, SynonymIndex } from './synonyms.ts';

export interface VocabularyCategory {
  id: number;
  name: string;
}

export interface SearchVocabulary {
  synonyms: SynonymIndex;
  /** Normalised category name → the ids of the categories of that name. */
  categories: ReadonlyMap<string, readonly number[]>;
}

export interface SearchVocabularyInput {
  synonyms?: readonly SynonymGroup[];
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
  return { synonyms: buildSynonymIndex(input.synonyms ?? []), categories };
}
