/**
 * Ranking and paging for the in-process search index (memory-index.ts): from the matches and score
 * levels that terms.ts leaves in a `TermScratch`, the exact total and the page after the
 * cursor in `compareRanked` order (in stock, score, sales, id; all descending).
 */
import { TITLE_PHRASE_BONUS } from '@weshop/core';
import type { SearchPlan } from '@weshop/core';
import { compareRank, popcount32, RankKeys } from './parts.ts';
import type { IndexStore } from './store.ts';
import { LEVEL_STEP, LEVELS, MAX_TERM_SCORE, phraseInTitle } from './terms.ts';
import type { TermScratch } from './terms.ts';

/** One served page: ids in rank order, the rank key of the last one, and the totals. */
export interface MemorySearchResult {
  ids: number[];
  /** [inStock 0/1, score, sales, id] of the last id served, when more follow. */
  next: [0 | 1, number, number, number] | null;
  total: number;
}

export interface MemorySearchQuery {
  plan: SearchPlan;
  limit: number;
  includeOffShelf?: boolean | undefined;
  categoryId?: number | undefined;
  /** Rank key of the last item already served. */
  after?: readonly [number, number, number, number] | undefined;
}

/**
 * One term, no category: levels best first, in stock then sold out. Within a level the ordered
 * slots come best first, so reading stops at the first one that cannot enter the full page; the few
 * out-of-order (dirty) slots are offered one by one.
 */
export function collectByLevel(
  store: IndexStore,
  scratch: TermScratch,
  query: MemorySearchQuery,
  activeWords: number,
): MemorySearchResult {
  const match = scratch.match;
  const active = scratch.active;
  const levels = scratch.levels[0]!;
  const used = scratch.used[0]!;
  const stock = store.stockBits;
  const ids = store.ids.data;
  const sales = store.sales.data;
  const isDirty = store.isDirty;
  const dirty = store.dirty;
  const after = query.after;
  const limit = Math.max(0, query.limit);
  const page = new RankKeys(Math.max(1, limit));
  let total = 0;
  for (let i = 0; i < activeWords; i += 1) total += popcount32(match[active[i]!]!);
  let following = 0;
  passes: for (const inStock of [1, 0]) {
    const stockMask = inStock === 1 ? 0 : -1;
    for (let l = 0; l < LEVELS; l += 1) {
      if ((used & (1 << l)) === 0) continue;
      const score = MAX_TERM_SCORE - l * LEVEL_STEP;
      // Levels ranked before the cursor's are skipped; the cursor's own level is filtered by key.
      const sameAsCursor = after !== undefined && inStock === after[0] && score === after[1];
      if (after && !sameAsCursor && (inStock > after[0] || (inStock === after[0] && score > after[1])))
        continue;
      const level = levels[l]!;
      const accepts = (slot: number): boolean =>
        (level[slot >>> 5]! & match[slot >>> 5]! & (stock[slot >>> 5]! ^ stockMask) & (1 << (slot & 31))) !==
          0 &&
        !(
          sameAsCursor &&
          compareRank(inStock, score, sales[slot]!, ids[slot]!, after[0], after[1], after[2], after[3]) <= 0
        );
      for (let i = 0; i < dirty.length; i += 1) {
        const slot = dirty.data[i]!;
        if (!accepts(slot)) continue;
        following += 1;
        if (limit > 0) page.offer(inStock, score, sales[slot]!, ids[slot]!, limit);
      }
      for (let i = 0; i < activeWords; i += 1) {
        const w = active[i]!;
        let bits = level[w]! & match[w]!;
        if (bits === 0) continue;
        bits &= stock[w]! ^ stockMask;
        while (bits !== 0) {
          const low = bits & -bits;
          bits ^= low;
          const slot = w * 32 + 31 - Math.clz32(low);
          if (isDirty[slot] === 1) continue;
          const salesCount = sales[slot]!;
          const id = ids[slot]!;
          if (
            sameAsCursor &&
            compareRank(inStock, score, salesCount, id, after[0], after[1], after[2], after[3]) <= 0
          ) {
            continue;
          }
          following += 1;
          // Past a full page: this slot, every later ordered one of this level and every later
          // level rank after the page, and one more item is all we need to know (more pages).
          if (page.length === limit && page.isAfterLast(inStock, score, salesCount, id)) break passes;
          page.offer(inStock, score, salesCount, id, limit);
        }
      }
      if (following > limit) break passes;
    }
  }
  return result(page, following, limit, total);
}

/**
 * Several terms or a category: every match is scored slot by slot (matches are fewer here). The
 * title phrase bonus, the costly part, is only checked for a slot that could enter the page or
 * straddles the cursor with it; slots come in rank order of sales, so the page fills early. A term's
 * score for a slot is that of the best level holding it (the levels need not be exclusive).
 */
export function collectBySlot(
  store: IndexStore,
  scratch: TermScratch,
  query: MemorySearchQuery,
  activeWords: number,
): MemorySearchResult {
  const terms = query.plan.terms.length;
  const match = scratch.match;
  const active = scratch.active;
  const levels = scratch.levels;
  const used = scratch.used;
  const stock = store.stockBits;
  const ids = store.ids.data;
  const sales = store.sales.data;
  const category = store.category.data;
  const wantedCategory = query.categoryId;
  const bonus = terms > 1 ? TITLE_PHRASE_BONUS : 0;
  const inTitle =
    bonus === 0
      ? null
      : phraseInTitle(store, scratch, query.plan.normalized.replaceAll(' ', ''), scratch.match.length);
  const after = query.after;
  const limit = Math.max(0, query.limit);
  const page = new RankKeys(Math.max(1, limit));
  let total = 0;
  let following = 0;
  for (let i = 0; i < activeWords; i += 1) {
    const w = active[i]!;
    let word = match[w]!;
    while (word !== 0) {
      const bit = word & -word;
      word ^= bit;
      const slot = w * 32 + 31 - Math.clz32(bit);
      if (wantedCategory !== undefined && category[slot] !== wantedCategory) continue;
      total += 1;
      let base = 0;
      for (let t = 0; t < terms; t += 1) {
        const termLevels = levels[t]!;
        const termUsed = used[t]!;
        let l = 0;
        while (l < LEVELS - 1 && ((termUsed & (1 << l)) === 0 || (termLevels[l]![w]! & bit) === 0)) l += 1;
        base += MAX_TERM_SCORE - l * LEVEL_STEP;
      }
      const inStock = (stock[w]! & bit) !== 0 ? 1 : 0;
      // Past a full page, a slot that ranks after the last even with the bonus needs no more work.
      if (!after && page.length === limit && page.ranksAfterLast(inStock, base + bonus)) {
        following += 1;
        continue;
      }
      const salesCount = sales[slot]!;
      const id = ids[slot]!;
      // The score is `base` or, with the title phrase, `base + bonus`: the phrase is only looked at
      // when that decides whether the slot follows the cursor or enters the page.
      let score = inTitle === null ? base : -1;
      if (after) {
        // With the lower score it ranks latest, with the higher one earliest.
        if (compareRank(inStock, base, salesCount, id, after[0], after[1], after[2], after[3]) <= 0) continue;
        if (compareRank(inStock, base + bonus, salesCount, id, after[0], after[1], after[2], after[3]) <= 0) {
          if (score < 0) score = inTitle!(slot) ? base + bonus : base;
          if (compareRank(inStock, score, salesCount, id, after[0], after[1], after[2], after[3]) <= 0)
            continue;
        }
      }
      following += 1;
      if (limit === 0 || (page.length === limit && page.isAfterLast(inStock, base + bonus, salesCount, id)))
        continue;
      if (score < 0) score = inTitle!(slot) ? base + bonus : base;
      page.offer(inStock, score, salesCount, id, limit);
    }
  }
  return result(page, following, limit, total);
}

function result(page: RankKeys, following: number, limit: number, total: number): MemorySearchResult {
  const count = Math.min(page.length, limit);
  return {
    ids: Array.from(page.ids.subarray(0, count)),
    next: following > limit && count > 0 ? page.key(count - 1) : null,
    total,
  };
}
