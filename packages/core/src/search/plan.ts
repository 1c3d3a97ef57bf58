import { normalizeQuery } from './normalize.ts';
import type { SynonymIndex } from './synonyms.ts';
import { expandTerm } from './synonyms.ts';
import { MAX_QUERY_TERMS, tokenizeQuery } from './tokenize.ts';

export interface SearchPlanTerm {
  /** The normalised term as typed. */
  text: string;
  /** `text` first, then its synonyms: the term matches when any of them matches. Never empty. */
  alternatives: string[];
}

/**
 * What the index searches for: every term must match (through any of its alternatives) in a product's
 * title, subtitle, tags or description, compared as substrings of the `normalizeText` form.
 */
export interface SearchPlan {
  /** The whole normalised query, at most `MAX_QUERY_LENGTH` code points; used for the phrase bonus. */
  normalized: string;
  terms: SearchPlanTerm[];
}

/** Splits the query into terms, keeping a space-free chunk whole when staff listed it as a synonym. */
function planTerms(normalized: string, synonyms: SynonymIndex): string[] {
  // A multi-word synonym ("t shirt") typed as the whole query is one term.
  if (normalized.includes(' ') && synonyms.has(normalized)) return [normalized];
  const terms: string[] = [];
  for (const chunk of normalized.split(' ')) {
    // "t恤" would otherwise split into "t" and "恤" and lose its synonyms.
    const texts = synonyms.has(chunk) ? [chunk] : tokenizeQuery(chunk).map((term) => term.text);
    for (const text of texts) if (!terms.includes(text)) terms.push(text);
  }
  return terms.slice(0, MAX_QUERY_TERMS);
}

/**
 * Normalises and tokenises a raw query and expands each term with its synonyms. Returns null when
 * nothing searchable is left ("！！！", "   ", only emoji): callers answer "no results" without
 * touching the index.
 */
export function planSearch(raw: string, synonyms: SynonymIndex): SearchPlan | null {
  const normalized = normalizeQuery(raw);
  if (normalized === '') return null;
  const terms = planTerms(normalized, synonyms).map((text) => ({
    text,
    alternatives: expandTerm(text, synonyms),
  }));
  const searchable = terms.filter((term) => term.alternatives.length > 0);
  return searchable.length === 0 ? null : { normalized, terms: searchable };
}
