/**
 * The in-process product search index: what lets `searchProducts` answer "top N + exact total" fast
 * at a million products (bench/results/2026-11-22-search-2.txt), with exactly the matching and ranking rules of core's
 * `scoreNormalized` / `compareRanked` (memory-index.test.ts checks it against them on random data).
 *
 * Layout (all from `product_search`'s normalised columns, plus shelf, category, sales and in-stock):
 * - every live product has a slot; per slot typed arrays hold id, flags, category and sales;
 * - each field is cut into tokens (title, subtitle, description: on spaces; tags: one token per tag)
 *   and the distinct tokens form a dictionary. Any alternative without a space lies inside one token,
 *   so "which products contain it in field F" is "the union of F's posting lists of the dictionary
 *   tokens that contain it" — exact substring semantics with no text scan of the products;
 * - the dictionary has its own index of characters and character pairs, so finding the tokens that
 *   contain an alternative reads a short list and checks each token with `includes`;
 * - a forward list of token ids per slot rebuilds any field's text (title phrase bonus, alternatives
 *   with spaces, detecting a text change).
 * Changes: a product whose text changes moves to a new slot (its old one is dropped; new postings go
 * to per-token overflow lists); shelf, stock, sales and category change in place.
 *
 * Modules beside it: store.ts (the data and one slot's operations), build.ts (a whole catalogue at
 * once), update.ts (one product), terms.ts (term evaluation into score-level bitsets), rank.ts (total
 * and page), dictionary.ts and parts.ts (building blocks). This file is the public face.
 */
import { StoreBuilder } from './build.ts';
import { collectByLevel, collectBySlot } from './rank.ts';
import type { MemorySearchQuery, MemorySearchResult } from './rank.ts';
import { IndexStore } from './store.ts';
import type { MemoryProduct } from './store.ts';
import { clearLevels, evaluateTerms, TermScratch } from './terms.ts';
import { upsertProduct } from './update.ts';

export type { MemoryProduct } from './store.ts';
export type { MemorySearchQuery, MemorySearchResult } from './rank.ts';

export interface MemoryIndexStats {
  slots: number;
  liveProducts: number;
  tokens: number;
  postings: number;
  /** Typed arrays and the dictionary's strings, estimated. */
  bytes: number;
}

export class MemoryIndex {
  #store: IndexStore;
  /** Per-query bitsets, reused. */
  #scratch = new TermScratch();

  constructor(store: IndexStore = new IndexStore()) {
    this.#store = store;
  }

  /**
   * Builds an index from every product at once (the fast path for a whole catalogue): posting lists
   * are laid out in one typed array per field.
   */
  static build(products: Iterable<MemoryProduct>): MemoryIndex {
    const builder = new StoreBuilder();
    for (const product of products) builder.add(product);
    return new MemoryIndex(builder.finish());
  }

  /** `build` from batches read one after another (the event loop runs between them). */
  static async buildFrom(batches: AsyncIterable<readonly MemoryProduct[]>): Promise<MemoryIndex> {
    const builder = new StoreBuilder();
    for await (const batch of batches) for (const product of batch) builder.add(product);
    return new MemoryIndex(builder.finish());
  }

  /** Slots read one by one because they are out of rank order; a rebuild brings them back to 0. */
  get dirtySlots(): number {
    return this.#store.dirty.length;
  }

  /** Slots that no longer hold a product (replaced or removed): a rebuild reclaims them. */
  get deadSlots(): number {
    return this.#store.ids.length - this.#store.liveProducts;
  }

  /** Adds, replaces or (with `null`) removes a product. */
  upsert(id: number, product: MemoryProduct | null): void {
    upsertProduct(this.#store, id, product);
  }

  stats(): MemoryIndexStats {
    const store = this.#store;
    return {
      slots: store.ids.length,
      liveProducts: store.liveProducts,
      tokens: store.dictionary.tokens.length,
      postings: store.postingCount,
      bytes: store.bytes + this.#scratch.bytes,
    };
  }

  /**
   * Runs a few searches over the index's own tokens, so the engine has compiled the search code before
   * the first real query (it is several times slower the first few times).
   */
  warmUp(rounds = 3): void {
    const tokens = this.#store.dictionary.tokens.filter((token) => !token.includes(' ')).slice(0, 16);
    const terms = tokens.map((token) => ({ text: token, alternatives: [token, token.slice(0, 2)] }));
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i + 1 < terms.length; i += 2) {
        const one = { normalized: terms[i]!.text, terms: [terms[i]!] };
        const two = {
          normalized: `${terms[i]!.text} ${terms[i + 1]!.text}`,
          terms: [terms[i]!, terms[i + 1]!],
        };
        this.search({ plan: one, limit: 10 });
        this.search({ plan: two, limit: 10 });
        this.search({ plan: one, limit: 10, categoryId: 1 });
      }
    }
  }

  /**
   * Every live product matching the plan (each term through any alternative in the title or a tag,
   * as core's `containsTerm`, or naming the product's category), counted, and the page after `after` in
   * `compareRanked` order (in stock, score, sales, id; all descending).
   *
   * Word-at-a-time: per term, one bitset per score level (named category as typed … inside a
   * tag through a synonym) is filled from the posting lists and the categories; AND-ing the terms' unions with the visible products
   * gives the matches and their count. A one-term query then reads the levels best first (in stock,
   * then sold out) and stops once the page is full: only the levels that reach the page are read slot
   * by slot.
   */
  search(query: MemorySearchQuery): MemorySearchResult {
    const terms = query.plan.terms;
    if (terms.length === 0) return { ids: [], next: null, total: 0 };
    const store = this.#store;
    const scratch = this.#scratch;
    // Only reading level by level needs each slot in its best level alone; scoring slot by slot takes
    // a slot's first level that holds it, so there the levels are left as filled (one pass fewer).
    const byLevel = terms.length === 1 && query.categoryId === undefined;
    try {
      const activeWords = evaluateTerms(store, scratch, query.plan, query.includeOffShelf === true, byLevel);
      if (byLevel) return collectByLevel(store, scratch, query, activeWords);
      return collectBySlot(store, scratch, query, activeWords);
    } finally {
      clearLevels(scratch, terms.length);
    }
  }
}
