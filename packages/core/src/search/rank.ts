import { containsTerm } from './contains.ts';
import { normalizeText } from './normalize.ts';
import type { SearchPlan, SearchPlanTerm } from './plan.ts';

/**
 * A product row the index found as a possible match. Off-shelf (unpublished, deleted) products are the
 * index's job: it must never pass them here, since nothing below can tell.
 */
export interface SearchCandidate {
  id: number;
  title: string;
  tags: readonly string[];
  categoryId: number | null;
  inStock: boolean;
  salesCount: number;
}

/** What `compareRanked` orders. */
export interface RankedCandidate {
  id: number;
  score: number;
  inStock: boolean;
  salesCount: number;
}

/**
 * Points for the best way a term matched: the product's category is the one the term names (those
 * products rank first), the title, a tag exactly, inside a tag. The gaps (20) are wider than
 * `ORIGINAL_TERM_BONUS`, so a synonym in a better field still beats the typed term in a worse one.
 * The subtitle and the description never decide a match: "搭配连衣裙" does not make shoes a dress.
 */
export const SEARCH_FIELD_SCORES = {
  category: 120,
  title: 100,
  tagExact: 80,
  tag: 60,
} as const;
/** Added when a term matched as typed rather than through a synonym. */
export const ORIGINAL_TERM_BONUS = 10;
/** Added when a query of several terms appears as one phrase in the title (spaces ignored). */
export const TITLE_PHRASE_BONUS = 50;

/** A candidate's searchable fields, the texts already in `normalizeText` form (as an index stores them). */
export interface NormalizedFields {
  title: string;
  tags: readonly string[];
  categoryId: number | null;
}

function normalizeFields(candidate: SearchCandidate): NormalizedFields {
  return {
    title: normalizeText(candidate.title),
    tags: candidate.tags.map(normalizeText),
    categoryId: candidate.categoryId,
  };
}

/** The best field score of one alternative, or 0 when it matches nowhere. */
function fieldScore(fields: NormalizedFields, alternative: string): number {
  if (containsTerm(fields.title, alternative)) return SEARCH_FIELD_SCORES.title;
  if (fields.tags.includes(alternative)) return SEARCH_FIELD_SCORES.tagExact;
  if (fields.tags.some((tag) => containsTerm(tag, alternative))) return SEARCH_FIELD_SCORES.tag;
  return 0;
}

/** A term's score for a product: its best alternative or named category, 0 when it does not match. */
function termScore(fields: NormalizedFields, term: SearchPlanTerm): number {
  let best = 0;
  term.alternatives.forEach((alternative, i) => {
    if (alternative === '') return;
    const score = fieldScore(fields, alternative);
    if (score > 0) best = Math.max(best, score + (i === 0 ? ORIGINAL_TERM_BONUS : 0));
  });
  for (const category of term.categories ?? []) {
    if (category.id !== fields.categoryId) continue;
    best = Math.max(best, SEARCH_FIELD_SCORES.category + (category.asTyped ? ORIGINAL_TERM_BONUS : 0));
  }
  return best;
}

const compact = (text: string): string => text.replaceAll(' ', '');

/**
 * Scores one candidate against a plan, or returns null when it does not match. Every term must match,
 * through any of its alternatives, in the normalised title or a tag (`containsTerm`: CJK anywhere,
 * Latin words whole; `LIKE '%alternative%'` finds a superset, so SQL can narrow the candidates), or
 * name the candidate's category. A term scores its best way (named category > title > exact tag > tag
 * substring) plus `ORIGINAL_TERM_BONUS` when matched as typed; a multi-term query found as one phrase
 * in the title adds `TITLE_PHRASE_BONUS`. Pure and integer-valued: every database ranks the same way.
 */
export function scoreCandidate(candidate: SearchCandidate, plan: SearchPlan): number | null {
  return scoreNormalized(normalizeFields(candidate), plan);
}

/** scoreCandidate for fields that are already normalised (no per-query normalising of every candidate). */
export function scoreNormalized(fields: NormalizedFields, plan: SearchPlan): number | null {
  if (plan.terms.length === 0) return null;
  let total = 0;
  for (const term of plan.terms) {
    const best = termScore(fields, term);
    if (best === 0) return null;
    total += best;
  }
  if (plan.terms.length > 1 && compact(fields.title).includes(compact(plan.normalized))) {
    total += TITLE_PHRASE_BONUS;
  }
  return total;
}

const finiteOrZero = (value: number): number => (Number.isFinite(value) ? value : 0);

/**
 * Sort order of search results: in stock before sold out, then score (high first), then sales (high
 * first), then id (high first, i.e. newer first) so equal rows always come out in the same order.
 */
export function compareRanked(a: RankedCandidate, b: RankedCandidate): number {
  if (a.inStock !== b.inStock) return a.inStock ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  const sales = finiteOrZero(b.salesCount) - finiteOrZero(a.salesCount);
  if (sales !== 0) return sales;
  return b.id - a.id;
}

/**
 * Scores every candidate, drops the ones that do not match (and repeated ids), and sorts the rest with
 * `compareRanked`. The result's length is the total number of matches.
 */
export function rankCandidates(
  candidates: readonly SearchCandidate[],
  plan: SearchPlan,
): { id: number; score: number }[] {
  const ranked: RankedCandidate[] = [];
  const seen = new Set<number>();
  for (const candidate of candidates) {
    if (seen.has(candidate.id)) continue;
    seen.add(candidate.id);
    const score = scoreCandidate(candidate, plan);
    if (score === null) continue;
    ranked.push({ id: candidate.id, score, inStock: candidate.inStock, salesCount: candidate.salesCount });
  }
  return ranked.sort(compareRanked).map(({ id, score }) => ({ id, score }));
}
