/**
 * Product search, the entry point (README.md has the map). The rules (normalising, terms, synonyms,
 * ranking) live in @weshop/core's search module; index-upkeep.ts keeps `product_search` (normalised
 * copies of the searchable fields) in sync. A SearchPlan is answered by one of two engines with the
 * same results:
 * - on SQLite, the in-process index (memory/): fast at a million products
 *   (bench/results/2026-11-22-search-2.txt), kept fresh by
 *   migration 004's change log;
 * - otherwise (PostgreSQL, inside a transaction, while the in-process index is being built) SQL
 *   (sql.ts): FTS5 trigram / pg_trgm / LIKE narrow the candidates, then core's `scoreNormalized` and
 *   `compareRanked` (the rules of `rankCandidates`) decide in JS.
 */
import { buildSearchVocabulary, decodeCursor, encodeCursor, IdSchema } from '@weshop/core';
import type { ProductSummary, SearchPlan, SearchVocabulary } from '@weshop/core';
import { pinyin } from 'pinyin-pro';
import { z } from 'zod';
import type { Executor } from '../transaction.ts';
import { toSummary, inStockExpression } from '../repositories/catalog.ts';
import { listSynonymRules } from '../repositories/search-synonyms.ts';
import { searchInMemory } from './memory/accelerator.ts';
import type { MemorySearchQuery, MemorySearchResult } from './memory/memory-index.ts';
import { searchInSql } from './sql.ts';

export { forgetSearchIndexes, warmSearchIndex } from './memory/accelerator.ts';
export type { WarmSearchIndexResult } from './memory/accelerator.ts';
export { ensureSearchIndex, indexProduct, rebuildSearchIndex } from './index-upkeep.ts';

/** The syllables of a word, from pinyin-pro (it reads words, so 长裙 is chang qun, not zhang). */
const pinyinOf = (word: string): string[] => pinyin(word, { toneType: 'none', type: 'array' });

/** The last vocabulary built, by the rows it was built from: most searches reuse it. */
let lastVocabulary: { key: string; vocabulary: SearchVocabulary } | null = null;

/**
 * What `planSearch` needs to know of the shop's words: the staff synonyms, the category names and
 * their pinyin. Built again only when the rows change.
 */
export async function loadSearchVocabulary(db: Executor): Promise<SearchVocabulary> {
  const [rules, categories] = await Promise.all([
    listSynonymRules(db),
    db.selectFrom('categories').select(['id', 'name']).orderBy('id').execute(),
  ]);
  const synonyms = rules.map(({ kind, terms }) => ({ kind, terms }));
  const key = JSON.stringify([synonyms, categories]);
  if (lastVocabulary?.key === key) return lastVocabulary.vocabulary;
  const vocabulary = buildSearchVocabulary({ synonyms, categories, pinyinOf });
  lastVocabulary = { key, vocabulary };
  return vocabulary;
}

// ---------------------------------------------------------------- search

export interface ProductSearchQuery {
  plan: SearchPlan;
  categoryId?: number | undefined;
  cursor?: string | undefined;
  limit: number;
  /** Staff see products that are off shelf too. */
  includeOffShelf?: boolean;
}

export interface ProductSearchResult {
  items: ProductSummary[];
  nextCursor: string | null;
  /** Number of matching products in all pages. */
  total: number;
}

/** The cursor is the last served item's rank key: in stock (0/1), score, sales, id. */
const SearchCursor = [
  z.union([z.literal(0), z.literal(1)]),
  z.int().min(0),
  z.int().min(0),
  IdSchema,
] as const;

/**
 * Searches live products: every term matches through any alternative in the title or tags, or names
 * the product's category; ranked by core's scoreNormalized / compareRanked rules; keyset-paginated on the rank
 * order. From the in-process index when it is ready (SQLite), else from SQL candidates ranked in JS.
 * An unknown or tampered cursor is a VALIDATION_FAILED DomainError.
 */
export async function searchProducts(db: Executor, query: ProductSearchQuery): Promise<ProductSearchResult> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, SearchCursor);
  const engineQuery = {
    plan: query.plan,
    limit: query.limit,
    includeOffShelf: query.includeOffShelf,
    categoryId: query.categoryId,
    after,
  };
  let page = await searchPage(db, engineQuery);
  // Pinyin and typo readings only when the query as typed finds nothing: exact matches come first.
  if (page.total === 0 && query.plan.fallback)
    page = await searchPage(db, { ...engineQuery, plan: query.plan.fallback });
  return {
    items: await summariesInOrder(db, page.ids),
    nextCursor: page.next ? encodeCursor(page.next) : null,
    total: page.total,
  };
}

async function searchPage(db: Executor, query: MemorySearchQuery): Promise<MemorySearchResult> {
  return (await searchInMemory(db, query)) ?? (await searchInSql(db, query));
}

async function summariesInOrder(db: Executor, ids: readonly number[]): Promise<ProductSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('products as p')
    .selectAll('p')
    .select(inStockExpression)
    .where('p.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, toSummary(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
