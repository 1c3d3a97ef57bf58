import { createRoute } from '@hono/zod-openapi';
import {
  CategorySchema,
  CursorQuerySchema,
  DomainError,
  IdParamSchema,
  LimitQuerySchema,
  ProductDetailSchema,
  ProductSummarySchema,
  text,
} from '@weshop/core';
import { findCategory, findProduct, listCategories, listProducts } from '@weshop/db';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';

const ProductListQuerySchema = z.object({
  q: text(0, 64).optional().meta({ description: 'Words to look for in the title' }),
  categoryId: IdParamSchema.optional(),
  cursor: CursorQuerySchema,
  limit: LimitQuerySchema,
});

const ProductPageSchema = z
  .object({ items: z.array(ProductSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ProductPage' });

const listCategoriesRoute = createRoute({
  method: 'get',
  path: '/categories',
  tags: ['shop'],
  summary: 'All categories, in display order, with their on-shelf product counts',
  responses: { 200: jsonContent(z.object({ items: z.array(CategorySchema) }), 'Categories') },
});

const listProductsRoute = createRoute({
  method: 'get',
  path: '/products',
  tags: ['shop'],
  summary: 'On-shelf products, newest first, cursor-paginated',
  request: { query: ProductListQuerySchema },
  responses: {
    200: jsonContent(ProductPageSchema, 'One page of products'),
    ...problemResponses('VALIDATION_FAILED'),
  },
});

const getProductRoute = createRoute({
  method: 'get',
  path: '/products/{id}',
  tags: ['shop'],
  summary: 'One on-shelf product with its SKUs',
  request: { params: z.object({ id: IdParamSchema }) },
  responses: {
    200: jsonContent(ProductDetailSchema, 'The product'),
    ...problemResponses('VALIDATION_FAILED', 'NOT_FOUND'),
  },
});

/** The fan-facing catalog: public, read-only. */
export function createShopCatalogRoutes({ db }: AppDeps) {
  return createRouter()
    .openapi(listCategoriesRoute, async (c) => c.json({ items: await listCategories(db) }, 200))
    .openapi(listProductsRoute, async (c) => {
      const query = c.req.valid('query');
      if (query.categoryId !== undefined && !(await findCategory(db, query.categoryId))) {
        throw new DomainError('VALIDATION_FAILED', {
          errors: [{ path: 'categoryId', message: 'no such category' }],
        });
      }
      return c.json(await listProducts(db, query), 200);
    })
    .openapi(getProductRoute, async (c) => {
      const { id } = c.req.valid('param');
      const product = await findProduct(db, id);
      if (!product) throw new DomainError('NOT_FOUND', { resource: 'product', id });
      return c.json(product, 200);
    });
}
