/**
 * Product search index. The rules (normalising, terms, synonyms, ranking) live in @weshop/core's search
 * module; search-index.ts keeps `product_search` (normalised copies of the searchable fields) in sync;
 * this file answers a SearchPlan two ways with the same results:
 * - on SQLite, from the in-process index (search-accelerator.ts, search-memory.ts): fast at a million
 *   products (bench/results/2026-11-22-search-2.txt), kept fresh by migration 004's change log;
 * - otherwise (PostgreSQL, inside a transaction, while the in-process index is being built) in SQL:
 *   FTS5 trigram / pg_trgm / LIKE narrow the candidates, then core's `scoreNormalized` and
 *   `compareRanked` (the rules of `rankCandidates`) decide in JS.
 */
import {
  buildSynonymIndex,
  compareRanked,
  decodeCursor,
  encodeCursor,
  IdSchema,
  scoreNormalized,
} from '@weshop/core';
import type { ProductSummary, RankedCandidate, SearchPlan, SearchPlanTerm, SynonymIndex } from '@weshop/core';
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { z } from 'zod';
import { parseJsonColumn, escapeLike } from '../json.ts';
import type { Executor } from '../transaction.ts';
import { inStockExpression, toSummary } from './catalog.ts';
import { searchInMemory } from './search-accelerator.ts';

export { forgetSearchIndexes, warmSearchIndex } from './search-accelerator.ts';
export type { WarmSearchIndexResult } from './search-accelerator.ts';
export { ensureSearchIndex, indexProduct, rebuildSearchIndex } from './search-index.ts';

import { TAG_SEPARATOR, isPostgres, withIndex } from './search-index.ts';

const TermsSchema = z.array(z.string());
const SEARCH_COLUMNS = ['title', 'subtitle', 'tags', 'description'] as const;
/** FTS5's trigram tokenizer cannot match fewer characters than this; shorter alternatives use LIKE. */
const TRIGRAM = 3;

export async function loadSynonymIndex(db: Executor): Promise<SynonymIndex> {
  const rows = await db.selectFrom('search_synonyms').select('terms').orderBy('id').execute();
  return buildSynonymIndex(
    rows.map((row) => parseJsonColumn(TermsSchema, row.terms, 'search_synonyms.terms')),
  );
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

const likePattern = (alternative: string): string => `%${escapeLike(alternative)}%`;
/** An FTS5 string: the text between double quotes, with quotes doubled; no operator survives inside. */
const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/**
 * Every trigram of an alternative, ANDed: the FTS5 index keeps no positions (migration 004), so this
 * finds the rows holding them all, a superset of the rows holding the alternative; `scoreNormalized`
 * then keeps the true matches.
 */
function ftsTrigrams(alternative: string): string {
  const chars = [...alternative];
  const trigrams = new Set<string>();
  for (let i = 0; i + TRIGRAM <= chars.length; i += 1) trigrams.add(chars.slice(i, i + TRIGRAM).join(''));
  return `(${[...trigrams].map(ftsString).join(' AND ')})`;
}

/** SQL that is true when any alternative of the term is a substring of any indexed column. */
function termCondition(term: SearchPlanTerm, postgres: boolean): RawBuilder<boolean> {
  const alternatives = [...new Set(term.alternatives.filter((alternative) => alternative !== ''))];
  const long = postgres ? [] : alternatives.filter((alternative) => [...alternative].length >= TRIGRAM);
  const short = alternatives.filter((alternative) => !long.includes(alternative));
  const parts: RawBuilder<unknown>[] = [];
  if (long.length > 0) {
    const match = long.map(ftsTrigrams).join(' OR ');
    parts.push(
      sql`ps.product_id in (select rowid from product_search_fts where product_search_fts match ${match})`,
    );
    // The FTS5 table leaves the description out (migration 004).
    for (const alternative of long)
      parts.push(sql`ps.description like ${likePattern(alternative)} escape '\\'`);
  }
  for (const alternative of short) {
    const pattern = likePattern(alternative);
    for (const column of SEARCH_COLUMNS) {
      parts.push(sql`${sql.ref(`ps.${column}`)} like ${pattern} escape '\\'`);
    }
  }
  if (parts.length === 0) return sql<boolean>`1 = 0`;
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/**
 * Searches live products: every term matches through any alternative in the title, subtitle, tags or
 * description; ranked by core's scoreNormalized / compareRanked rules; keyset-paginated on the rank
 * order. From the in-process index when it is ready (SQLite), else from SQL candidates ranked in JS.
 * An unknown or tampered cursor is a VALIDATION_FAILED DomainError.
 */
export async function searchProducts(db: Executor, query: ProductSearchQuery): Promise<ProductSearchResult> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, SearchCursor);
  const memory = await searchInMemory(db, {
    plan: query.plan,
    limit: query.limit,
    includeOffShelf: query.includeOffShelf,
    categoryId: query.categoryId,
    after,
  });
  if (memory) {
    return {
      items: await summariesInOrder(db, memory.ids),
      nextCursor: memory.next ? encodeCursor(memory.next) : null,
      total: memory.total,
    };
  }
  const postgres = isPostgres(db);
  // Candidates carry only what ranking needs, already normalised by the index: nothing is
  // normalised again per query, and full summaries are loaded for the page alone.
  let select = withIndex(db)
    .selectFrom('products as p')
    .innerJoin('product_search as ps', 'ps.product_id', 'p.id')
    .select(['p.id', 'p.sales_count', 'ps.title', 'ps.subtitle', 'ps.tags', 'ps.description'])
    .select(inStockExpression)
    .where('p.deleted_at', 'is', null);
  if (!query.includeOffShelf) select = select.where('p.on_shelf', '=', 1);
  if (query.categoryId !== undefined) select = select.where('p.category_id', '=', query.categoryId);
  for (const term of query.plan.terms) select = select.where(termCondition(term, postgres));
  const rows = await select.execute();

  const ranked: RankedCandidate[] = [];
  for (const row of rows) {
    const score = scoreNormalized(
      {
        title: row.title,
        subtitle: row.subtitle,
        tags: row.tags.split(TAG_SEPARATOR),
        description: row.description,
      },
      query.plan,
    );
    if (score !== null) {
      ranked.push({ id: row.id, score, inStock: Number(row.in_stock) === 1, salesCount: row.sales_count });
    }
  }
  ranked.sort(compareRanked);

  let start = 0;
  if (after) {
    const [inStock, score, salesCount, id] = after;
    const last: RankedCandidate = { inStock: inStock === 1, score, salesCount, id };
    start = ranked.findIndex((item) => compareRanked(item, last) > 0);
    if (start === -1) start = ranked.length;
  }
  const page = ranked.slice(start, start + query.limit);
  const lastServed = page.at(-1);
  const nextCursor =
    start + query.limit < ranked.length && lastServed
      ? encodeCursor([lastServed.inStock ? 1 : 0, lastServed.score, lastServed.salesCount, lastServed.id])
      : null;
  return {
    items: await summariesInOrder(
      db,
      page.map((item) => item.id),
    ),
    nextCursor,
    total: ranked.length,
  };
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

// ---------------------------------------------------------------- search log
