/**
 * Term evaluation for the in-process search index (memory-index.ts), word at a time: per term, one
 * bitset per score level (named category as typed … inside a tag through a synonym) is filled from
 * the posting lists and the slots' categories; AND-ing the terms' unions with the visible products
 * gives the matches. Also the title phrase test of multi-term queries.
 */
import { containsTerm, isWordChar, ORIGINAL_TERM_BONUS, SEARCH_FIELD_SCORES } from '@weshop/core';
import type { SearchPlan, SearchPlanTerm } from '@weshop/core';
import { wordsFor } from './parts.ts';
import { FIELD_TAGS, FIELD_TITLE } from './store.ts';
import type { IndexStore } from './store.ts';

// Score levels of one term: its best way's score plus the as-typed bonus, from the named category as
// typed down to inside a tag through a synonym, in steps of the bonus.
const SCORES = Object.values(SEARCH_FIELD_SCORES);
export const LEVEL_STEP = ORIGINAL_TERM_BONUS;
export const MAX_TERM_SCORE = Math.max(...SCORES) + ORIGINAL_TERM_BONUS;
export const LEVELS = (MAX_TERM_SCORE - Math.min(...SCORES)) / LEVEL_STEP + 1;
if (SCORES.some((score) => score % LEVEL_STEP !== 0) || LEVELS > 31) {
  throw new Error('memory index: field scores must be multiples of the as-typed bonus, at most 31 levels');
}

const grow = (words: number): Int32Array<ArrayBuffer> => new Int32Array(Math.ceil(words * 1.25));

/** Per-query bitsets, reused from one query to the next. */
export class TermScratch {
  /** Per term, one bitset per score level (exclusive: a slot is only in its term's best level). */
  levels: Int32Array[][] = [];
  /** Per term, a bit per score level that has any slot. */
  used: number[] = [];
  /** Slots that are visible and match every term. */
  match = new Int32Array(32);
  /** Indexes of the words of `match` that are not 0. */
  active = new Int32Array(32);
  union = new Int32Array(32);
  phraseYes = new Int32Array(32);
  phraseMaybe = new Int32Array(32);

  get bytes(): number {
    let bytes = this.match.byteLength + this.active.byteLength;
    for (const levels of this.levels) for (const level of levels) bytes += level.byteLength;
    return bytes;
  }
}

/**
 * Fills `scratch` for the plan's terms: their levels and the visible slots matching all of them
 * (`match`, with its non-zero words listed in `active`). Returns the number of active words. With
 * `exclusive` each slot is left only in its term's best level (what reading level by level needs);
 * otherwise a slot may stay in several, and its best is the first one holding it. The levels must be
 * emptied with `clearLevels` after the query.
 */
export function evaluateTerms(
  store: IndexStore,
  scratch: TermScratch,
  plan: SearchPlan,
  includeOffShelf: boolean,
  exclusive: boolean,
): number {
  const terms = plan.terms;
  const words = wordsFor(store.ids.length);
  if (scratch.match.length < words) scratch.match = grow(words);
  if (scratch.active.length < words) scratch.active = grow(words);
  while (scratch.levels.length < terms.length) scratch.levels.push([]);
  while (scratch.used.length < terms.length) scratch.used.push(0);
  const match = scratch.match;
  const visible = includeOffShelf ? store.aliveBits : store.shelfBits;
  match.set(visible.subarray(0, words));
  // The words of `match` that are not 0; after the first term only these are worked on.
  const active = scratch.active;
  let activeWords = 0;
  for (let w = 0; w < words; w += 1) if (match[w] !== 0) active[activeWords++] = w;
  for (let t = 0; t < terms.length; t += 1) {
    const levels = scratch.levels[t]!;
    for (let l = 0; l < LEVELS; l += 1) {
      if (!levels[l] || levels[l]!.length < words) levels[l] = grow(words);
    }
    scratch.used[t] = 0;
    terms[t]!.alternatives.forEach((alternative, i) => {
      if (alternative !== '')
        scoreAlternative(store, scratch, alternative, i === 0 ? ORIGINAL_TERM_BONUS : 0, t);
    });
    scoreCategories(store, scratch, terms[t]!, t, activeWords);
    // `match` keeps the slots every term has.
    activeWords = exclusive ? narrowMatch(scratch, t, activeWords) : andUnion(scratch, t, activeWords);
  }
  return activeWords;
}

/** Leaves every level of the first `terms` terms empty for the next query (only the ones written to). */
export function clearLevels(scratch: TermScratch, terms: number): void {
  for (let t = 0; t < terms; t += 1) {
    for (let l = 0; l < LEVELS; l += 1) if (scratch.used[t]! & (1 << l)) scratch.levels[t]![l]!.fill(0);
  }
}

/**
 * On the active words only: makes term `t`'s levels exclusive (each slot stays only in its best
 * level), ANDs their union into `match`, and keeps the words still not 0. Returns their number.
 */
function narrowMatch(scratch: TermScratch, t: number, activeWords: number): number {
  const match = scratch.match;
  const active = scratch.active;
  const levels = scratch.levels[t]!;
  const used = scratch.used[t]!;
  if (scratch.union.length < match.length) scratch.union = new Int32Array(match.length);
  const union = scratch.union;
  for (let i = 0; i < activeWords; i += 1) union[active[i]!] = 0;
  // Level by level (each array read in order), best level first.
  for (let l = 0; l < LEVELS; l += 1) {
    if ((used & (1 << l)) === 0) continue;
    const level = levels[l]!;
    for (let i = 0; i < activeWords; i += 1) {
      const w = active[i]!;
      const bits = level[w]!;
      if (bits === 0) continue;
      const fresh = bits & ~union[w]!;
      level[w] = fresh;
      union[w]! |= fresh;
    }
  }
  let kept = 0;
  for (let i = 0; i < activeWords; i += 1) {
    const w = active[i]!;
    const word = match[w]! & union[w]!;
    match[w] = word;
    if (word !== 0) active[kept++] = w;
  }
  return kept;
}

/**
 * On the active words only: ANDs the union of term `t`'s levels into `match` in one pass (the levels
 * are only read), and keeps the words still not 0. Returns their number.
 */
function andUnion(scratch: TermScratch, t: number, activeWords: number): number {
  const match = scratch.match;
  const active = scratch.active;
  const termLevels = scratch.levels[t]!;
  const used = scratch.used[t]!;
  const levels: Int32Array[] = [];
  for (let l = 0; l < LEVELS; l += 1) if ((used & (1 << l)) !== 0) levels.push(termLevels[l]!);
  const count = levels.length;
  let kept = 0;
  for (let i = 0; i < activeWords; i += 1) {
    const w = active[i]!;
    let union = 0;
    for (let l = 0; l < count; l += 1) union |= levels[l]![w]!;
    const word = match[w]! & union;
    match[w] = word;
    if (word !== 0) active[kept++] = w;
  }
  return kept;
}

/** The level of a score. */
const levelOf = (score: number): number => (MAX_TERM_SCORE - score) / LEVEL_STEP;

/**
 * ORs the slots in a category the term names into its category levels, from the store's bitset per
 * category. Only the active words are read (the visible slots still matching the terms before): the
 * other slots cannot match anyway.
 */
function scoreCategories(
  store: IndexStore,
  scratch: TermScratch,
  term: SearchPlanTerm,
  t: number,
  activeWords: number,
): void {
  for (const named of term.categories ?? []) {
    const bits = store.categoryBits.get(named.id);
    if (!bits) continue;
    const l = levelOf(SEARCH_FIELD_SCORES.category + (named.asTyped ? ORIGINAL_TERM_BONUS : 0));
    const level = scratch.levels[t]![l]!;
    let any = 0;
    for (let i = 0; i < activeWords; i += 1) {
      const w = scratch.active[i]!;
      const word = (bits[w] ?? 0) & scratch.match[w]!;
      level[w]! |= word;
      any |= word;
    }
    if (any !== 0) scratch.used[t]! |= 1 << l;
  }
}

/** The dictionary tokens that contain `alternative` the way core's `containsTerm` does. */
function tokensContaining(store: IndexStore, alternative: string): number[] {
  const tokens = store.dictionary.containing(alternative);
  if (!isWordChar(alternative[0]) && !isWordChar(alternative.at(-1))) return tokens;
  return tokens.filter((token) => containsTerm(store.dictionary.tokens[token]!, alternative));
}

/** ORs `alternative`'s title and tag postings into term `t`'s level bitsets of its field scores (+ `bonus`). */
function scoreAlternative(
  store: IndexStore,
  scratch: TermScratch,
  alternative: string,
  bonus: number,
  t: number,
): void {
  const levels = scratch.levels[t]!;
  const fieldMask = store.fieldMask;
  const raise = (
    field: number,
    token: number,
    score: number,
    check: ((slot: number) => boolean) | null,
  ): void => {
    if ((fieldMask[token]! & (1 << field)) === 0) return;
    const l = levelOf(score + bonus);
    scratch.used[t]! |= 1 << l;
    store.orPostings(field, token, levels[l]!, check);
  };
  // Tags are whole tokens, so any alternative (with spaces too) lies inside one.
  const tokens = tokensContaining(store, alternative);
  for (const token of tokens) {
    if ((fieldMask[token]! & (1 << FIELD_TAGS)) === 0) continue;
    const exact = store.dictionary.tokens[token] === alternative;
    raise(FIELD_TAGS, token, exact ? SEARCH_FIELD_SCORES.tagExact : SEARCH_FIELD_SCORES.tag, null);
  }
  const title = SEARCH_FIELD_SCORES.title;
  if (!alternative.includes(' ')) {
    for (const token of tokens) raise(FIELD_TITLE, token, title, null);
    return;
  }
  // With spaces the match may span the title's tokens: candidates hold a token containing the
  // longest part, then the title's text decides.
  const longest = alternative.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
  const check = (slot: number): boolean => containsTerm(store.fieldText(slot, FIELD_TITLE), alternative);
  for (const token of store.dictionary.containing(longest)) raise(FIELD_TITLE, token, title, check);
}

/**
 * A test "does the slot's title, without spaces, contain `phrase`" that rarely rebuilds the title:
 * slots with a title token containing the phrase answer yes; otherwise only a title with a token
 * ending in the start of the phrase can hold it across a space, and is checked whole.
 */
export function phraseInTitle(
  store: IndexStore,
  scratch: TermScratch,
  phrase: string,
  words: number,
): (slot: number) => boolean {
  if (scratch.phraseYes.length < words) {
    scratch.phraseYes = grow(words);
    scratch.phraseMaybe = grow(words);
  }
  const yes = scratch.phraseYes;
  const maybe = scratch.phraseMaybe;
  yes.fill(0);
  maybe.fill(0);
  for (const token of store.dictionary.containing(phrase)) store.orPostings(FIELD_TITLE, token, yes, null);
  for (let k = 1; k < phrase.length; k += 1) {
    const start = phrase.slice(0, k);
    for (const token of store.dictionary.endingWith(start)) store.orPostings(FIELD_TITLE, token, maybe, null);
  }
  return (slot) => {
    const word = slot >>> 5;
    const bit = 1 << (slot & 31);
    if ((yes[word]! & bit) !== 0) return true;
    return (maybe[word]! & bit) !== 0 && store.compactTitle(slot).includes(phrase);
  };
}
