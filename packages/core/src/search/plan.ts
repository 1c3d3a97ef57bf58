import { normalizeQuery } from './normalize.ts';
import { segmentRun } from './segment.ts';
import { expandTerm } from './synonyms.ts';
import { MAX_QUERY_TERMS, tokenizeQuery } from './tokenize.ts';
import type { SearchVocabulary } from './vocabulary.ts';

/** A category the term names (its name is one of the term's alternatives). */
export interface SearchPlanCategory {
  id: number;
  /** Named by the term as typed, not through a synonym. */
  asTyped: boolean;
}

export interface SearchPlanTerm {
  /** The normalised term as typed. */
  text: string;
  /** `text` first, then its synonyms: the term matches when any of them matches. Never empty. */
  alternatives: string[];
  /** Categories whose products match the term whatever their text says (none when absent). */
  categories?: readonly SearchPlanCategory[];
}

/**
 * What the index searches for: every term must match, through any of its alternatives, in a product's
 * title or tags (`containsTerm` on the `normalizeText` form), or name the product's category. The
 * subtitle and the description never decide a match.
 */
export interface SearchPlan {
  /** The whole normalised query, at most `MAX_QUERY_LENGTH` code points; used for the phrase bonus. */
  normalized: string;
  terms: SearchPlanTerm[];
}

/** Splits the query into terms: on spaces, between scripts, and CJK runs into the shop's words. */
function planTerms(normalized: string, vocabulary: SearchVocabulary): string[] {
  const { words } = vocabulary;
  // A multi-word synonym ("t shirt") typed as the whole query is one term.
  if (normalized.includes(' ') && words.has(normalized)) return [normalized];
  const terms: string[] = [];
  for (const chunk of normalized.split(' ')) {
    // "t恤" would otherwise split into "t" and "恤" and lose its synonyms.
    const texts = words.has(chunk)
      ? [chunk]
      : tokenizeQuery(chunk).flatMap((term) =>
          term.script === 'cjk' ? segmentRun(term.text, words, vocabulary.maxWordLength) : [term.text],
        );
    for (const text of texts) if (!terms.includes(text)) terms.push(text);
  }
  return terms.slice(0, MAX_QUERY_TERMS);
}

/** The categories named by any alternative, each once (as typed when the term itself names it). */
function namedCategories(
  alternatives: readonly string[],
  vocabulary: SearchVocabulary,
): SearchPlanCategory[] {
  const categories: SearchPlanCategory[] = [];
  alternatives.forEach((alternative, i) => {
    for (const id of vocabulary.categories.get(alternative) ?? []) {
      if (!categories.some((category) => category.id === id)) categories.push({ id, asTyped: i === 0 });
    }
  });
  return categories;
}

/**
 * Normalises and tokenises a raw query, expands each term with its synonyms and finds the categories
 * it names. Returns null when nothing searchable is left ("！！！", "   ", only emoji): callers answer
 * "no results" without touching the index.
 */
export function planSearch(raw: string, vocabulary: SearchVocabulary): SearchPlan | null {
  const normalized = normalizeQuery(raw);
  if (normalized === '') return null;
  const terms = planTerms(normalized, vocabulary).map((text): SearchPlanTerm => {
    const alternatives = expandTerm(text, vocabulary.synonyms);
    const categories = namedCategories(alternatives, vocabulary);
    return categories.length > 0 ? { text, alternatives, categories } : { text, alternatives };
  });
  const searchable = terms.filter((term) => term.alternatives.length > 0);
  return searchable.length === 0 ? null : { normalized, terms: searchable };
}
