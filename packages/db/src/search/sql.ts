/**
 * The SQL engine: FTS5 trigram (SQLite) or pg_trgm (PostgreSQL, migration 002) and LIKE narrow the
 * candidates, then core's `scoreNormalized` and `compareRanked` (the rules of `rankCandidates`,
 * core/src/search/rank.ts) keep the true matches and order them in JS. It answers on PostgreSQL,
 * inside a transaction and while the in-process index (memory/) is being built, with the very same
 * results (README.md names the tests that hold them equal).
 */
import { compareRanked, scoreNormalized } from '@weshop/core';
import type { RankedCandidate, SearchPlanTerm } from '@weshop/core';
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { escapeLike } from '../json.ts';
import type { Executor } from '../transaction.ts';
import { inStockExpression } from '../repositories/catalog.ts';
import { TAG_SEPARATOR, isPostgres, withIndex } from './index-upkeep.ts';
import type { MemorySearchQuery, MemorySearchResult } from './memory/memory-index.ts';

/** The columns that decide a match (never the subtitle nor the description: core's rank.ts). */
const SEARCH_COLUMNS = ['title', 'tags'] as const;
/** FTS5's trigram tokenizer cannot match fewer characters than this; shorter alternatives use LIKE. */
const TRIGRAM = 3;

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

/**
 * SQL that is true when any alternative of the term is a substring of the title or a tag, or the
 * product is in a category the term names: a superset of core's `containsTerm` matches.
 */
function termCondition(term: SearchPlanTerm, postgres: boolean): RawBuilder<boolean> {
  const alternatives = [...new Set(term.alternatives.filter((alternative) => alternative !== ''))];
  const long = postgres ? [] : alternatives.filter((alternative) => [...alternative].length >= TRIGRAM);
  const short = alternatives.filter((alternative) => !long.includes(alternative));
  const parts: RawBuilder<unknown>[] = [];
  if (long.length > 0) {
    const match = long.map(ftsTrigrams).join(' OR ');
    // The FTS5 table holds the title, subtitle and tags (migration 004): a superset again.
    parts.push(
      sql`ps.product_id in (select rowid from product_search_fts where product_search_fts match ${match})`,
    );
  }
  for (const alternative of short) {
    const pattern = likePattern(alternative);
    for (const column of SEARCH_COLUMNS) {
      parts.push(sql`${sql.ref(`ps.${column}`)} like ${pattern} escape '\\'`);
    }
  }
  const categories = (term.categories ?? []).map((category) => category.id);
  if (categories.length > 0) parts.push(sql`p.category_id in (${sql.join(categories)})`);
  if (parts.length === 0) return sql<boolean>`1 = 0`;
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/**
 * One page of a search from SQL candidates ranked in JS: the same query and page shape as the
 * in-process index's (`after` is the rank key of the last item served).
 */
export async function searchInSql(db: Executor, query: MemorySearchQuery): Promise<MemorySearchResult> {
  const postgres = isPostgres(db);
  // Candidates carry only what ranking needs, already normalised by the index: nothing is
  // normalised again per query, and full summaries are loaded for the page alone.
  let select = withIndex(db)
    .selectFrom('products as p')
    .innerJoin('product_search as ps', 'ps.product_id', 'p.id')
    .select(['p.id', 'p.sales_count', 'p.category_id', 'ps.title', 'ps.tags'])
    .select(inStockExpression)
    .where('p.deleted_at', 'is', null);
  if (!query.includeOffShelf) select = select.where('p.on_shelf', '=', 1);
  if (query.categoryId !== undefined) select = select.where('p.category_id', '=', query.categoryId);
  for (const term of query.plan.terms) select = select.where(termCondition(term, postgres));
  const rows = await select.execute();

  const ranked: RankedCandidate[] = [];
  for (const row of rows) {
    const score = scoreNormalized(
      { title: row.title, tags: row.tags.split(TAG_SEPARATOR), categoryId: row.category_id },
      query.plan,
    );
    if (score !== null) {
      ranked.push({ id: row.id, score, inStock: Number(row.in_stock) === 1, salesCount: row.sales_count });
    }
  }
  ranked.sort(compareRanked);

  let start = 0;
  if (query.after) {
    const [inStock, score, salesCount, id] = query.after;
    const last: RankedCandidate = { inStock: inStock === 1, score, salesCount, id };
    start = ranked.findIndex((item) => compareRanked(item, last) > 0);
    if (start === -1) start = ranked.length;
  }
  const page = ranked.slice(start, start + query.limit);
  const lastServed = page.at(-1);
  const next: MemorySearchResult['next'] =
    start + query.limit < ranked.length && lastServed
      ? [lastServed.inStock ? 1 : 0, lastServed.score, lastServed.salesCount, lastServed.id]
      : null;
  return { ids: page.map((item) => item.id), next, total: ranked.length };
}
