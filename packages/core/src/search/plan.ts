import { typoCorrections } from './fuzzy.ts';
import { normalizeQuery } from './normalize.ts';
import { pinyinReadings } from './pinyin.ts';
import { segmentRun } from './segment.ts';
import { expandTerm, MAX_TERM_ALTERNATIVES } from './synonyms.ts';
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
  /**
   * The same query read with pinyin and typo corrections ("lianyiqun", "lyq", "dres" → 连衣裙,
   * dress): searched only when `terms` find nothing, so exact matches always come first.
   */
  fallback?: SearchPlan;
}

/** A term as split from the query, and the words it may be a pinyin or typo reading of. */
interface SplitTerm {
  text: string;
  readings: readonly string[];
}

/**
 * Splits the query into terms: on spaces, between scripts, and CJK runs into the shop's words. With
 * `fuzzy`, a chunk that reads as pinyin of a word stays one term with that reading, and a Latin word
 * the vocabulary lacks gets its typo corrections.
 */
function splitTerms(normalized: string, vocabulary: SearchVocabulary, fuzzy: boolean): SplitTerm[] {
  const { words } = vocabulary;
  // A multi-word synonym ("t shirt") typed as the whole query is one term.
  if (normalized.includes(' ') && words.has(normalized)) return [{ text: normalized, readings: [] }];
  const terms: SplitTerm[] = [];
  const add = (text: string, readings: readonly string[]): void => {
    if (!terms.some((term) => term.text === text)) terms.push({ text, readings });
  };
  for (const chunk of normalized.split(' ')) {
    // "t恤" would otherwise split into "t" and "恤" and lose its synonyms.
    if (words.has(chunk)) {
      add(chunk, []);
      continue;
    }
    const pinyin = fuzzy ? pinyinReadings(chunk, vocabulary.pinyin) : [];
    if (pinyin.length > 0) {
      add(chunk, pinyin);
      continue;
    }
    for (const term of tokenizeQuery(chunk)) {
      if (term.script === 'cjk') {
        for (const piece of segmentRun(term.text, words, vocabulary.maxWordLength)) add(piece, []);
      } else add(term.text, fuzzy ? typoCorrections(term.text, vocabulary.latinWords) : []);
    }
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

function planTerm({ text, readings }: SplitTerm, vocabulary: SearchVocabulary): SearchPlanTerm {
  const expanded = [text, ...readings].flatMap((word) => expandTerm(word, vocabulary.synonyms));
  const alternatives = [...new Set(expanded)].slice(0, MAX_TERM_ALTERNATIVES);
  const categories = namedCategories(alternatives, vocabulary);
  return categories.length > 0 ? { text, alternatives, categories } : { text, alternatives };
}

function planOf(normalized: string, vocabulary: SearchVocabulary, fuzzy: boolean): SearchPlan | null {
  const split = splitTerms(normalized, vocabulary, fuzzy);
  const terms = split.map((term) => planTerm(term, vocabulary));
  const searchable = terms.filter((term) => term.alternatives.length > 0);
  if (searchable.length === 0) return null;
  const plan: SearchPlan = { normalized, terms: searchable };
  if (!fuzzy) {
    const fallback = planOf(normalized, vocabulary, true);
    if (fallback && JSON.stringify(fallback.terms) !== JSON.stringify(plan.terms)) plan.fallback = fallback;
  }
  return plan;
}

/**
 * Normalises and tokenises a raw query, expands each term with its synonyms and finds the categories
 * it names; `fallback` holds the pinyin and typo reading when there is one. Returns null when nothing
 * searchable is left ("！！！", "   ", only emoji): callers answer "no results" without touching the
 * index.
 */
export function planSearch(raw: string, vocabulary: SearchVocabulary): SearchPlan | null {
  const normalized = normalizeQuery(raw);
  if (normalized === '') return null;
  return planOf(normalized, vocabulary, false);
}
