import {
  CursorQuerySchema,
  DomainError,
  IdParamSchema,
  LimitQuerySchema,
  ProductSummarySchema,
  text,
} from '@weshop/core';
import type { Page, ProductDetail, ProductSummary } from '@weshop/core';
import { findCategory, findProduct, listProducts } from '@weshop/db';
import type { DB } from '@weshop/db';
import { z } from 'zod';

/** The query of every product list (shop and admin). */
export const ProductListQuerySchema = z.object({
  q: text(0, 64).optional().meta({ description: 'Words to look for in the title' }),
  categoryId: IdParamSchema.optional(),
  cursor: CursorQuerySchema,
  limit: LimitQuerySchema,
});
export type ProductListQuery = z.infer<typeof ProductListQuerySchema>;

export const ProductPageSchema = z
  .object({ items: z.array(ProductSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ProductPage' });

interface Visibility {
  /** Staff see products that are off shelf too. */
  includeOffShelf: boolean;
}

/** One page of products; an unknown categoryId is a VALIDATION_FAILED on that field, not an empty page. */
export async function listCatalogProducts(
  db: DB,
  query: ProductListQuery,
  visibility: Visibility,
): Promise<Page<ProductSummary>> {
  if (query.categoryId !== undefined && !(await findCategory(db, query.categoryId))) {
    throw new DomainError('VALIDATION_FAILED', {
      errors: [{ path: 'categoryId', message: 'no such category' }],
    });
  }
  return listProducts(db, { ...query, ...visibility });
}

/** One product, or NOT_FOUND (also for a product off shelf when the caller may not see those). */
export async function getCatalogProduct(db: DB, id: number, visibility: Visibility): Promise<ProductDetail> {
  const product = await findProduct(db, id, visibility);
  if (!product) throw new DomainError('NOT_FOUND', { resource: 'product', id });
  return product;
}
