import { DomainError, normalizeQuery, planSearch } from '@weshop/core';
import type { Page, ProductDetail, ProductListQuery, ProductSummary, SearchSource } from '@weshop/core';
import { findCategory, findProduct, listProducts, loadSearchVocabulary, searchProducts } from '@weshop/db';
import type { DB, SearchLogEntry } from '@weshop/db';
import type { WriteBehind } from '../infra/write-behind.ts';

interface Visibility {
  /** Staff see products that are off shelf too. */
  includeOffShelf: boolean;
}

export interface SearchContext {
  source: SearchSource;
  openid: string | null;
  now: Date;
  /** Where first-page queries are logged (batched: see write-behind.ts). */
  searchLog: WriteBehind<LoggedSearch>;
}

export type LoggedSearch = SearchLogEntry & { at: string };

/**
 * One page of products: newest first, or with `q` the search's ranked matches (and their total),
 * logged for the admin's top and zero-result lists (first page only). An unknown categoryId is a
 * VALIDATION_FAILED on that field, not an empty page.
 */
export async function listCatalogProducts(
  db: DB,
  query: ProductListQuery,
  visibility: Visibility,
  context: SearchContext,
): Promise<Page<ProductSummary> & { total?: number }> {
  if (query.categoryId !== undefined && !(await findCategory(db, query.categoryId))) {
    throw new DomainError('VALIDATION_FAILED', {
      errors: [{ path: 'categoryId', message: 'no such category' }],
    });
  }
  const { q, ...rest } = query;
  if (q === undefined || q.trim() === '') return listProducts(db, { ...rest, ...visibility });
  const plan = planSearch(q, await loadSearchVocabulary(db));
  const page = plan
    ? await searchProducts(db, { ...rest, ...visibility, plan })
    : { items: [], nextCursor: null, total: 0 };
  if (query.cursor === undefined) {
    context.searchLog.push({
      query: q,
      normalized: plan?.normalized ?? normalizeQuery(q),
      hits: page.total,
      openid: context.openid,
      source: context.source,
      at: context.now.toISOString(),
    });
  }
  return page;
}

/** One product, or NOT_FOUND (also for a product off shelf when the caller may not see those). */
export async function getCatalogProduct(db: DB, id: number, visibility: Visibility): Promise<ProductDetail> {
  const product = await findProduct(db, id, visibility);
  if (!product) throw new DomainError('NOT_FOUND', { resource: 'product', id });
  return product;
}
