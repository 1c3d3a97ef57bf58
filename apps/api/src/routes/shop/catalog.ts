import { createRoute } from '@hono/zod-openapi';
import {
  CategoryListSchema,
  IdParamsSchema,
  ProductDetailSchema,
  ProductListQuerySchema,
  ProductPageSchema,
} from '@weshop/core';
import { listCategories } from '@weshop/db';
import { readFanSession } from '../../auth/fan-session.ts';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';
import { getCatalogProduct, listCatalogProducts } from '../../services/catalog.ts';

const listCategoriesRoute = createRoute({
  method: 'get',
  path: '/categories',
  tags: ['shop'],
  summary: 'All categories, in display order, with their on-shelf product counts',
  responses: { 200: jsonContent(CategoryListSchema, 'Categories') },
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
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(ProductDetailSchema, 'The product'),
    ...problemResponses('VALIDATION_FAILED', 'NOT_FOUND'),
  },
});

/** The fan-facing catalog: public, read-only. */
export function createShopCatalogRoutes(deps: AppDeps) {
  const { db, now } = deps;
  return createRouter()
    .openapi(listCategoriesRoute, async (c) => c.json({ items: await listCategories(db) }, 200))
    .openapi(listProductsRoute, async (c) =>
      c.json(
        await listCatalogProducts(
          db,
          c.req.valid('query'),
          { includeOffShelf: false },
          {
            source: 'h5',
            openid: (await readFanSession(c, deps))?.openid ?? null,
            now: now(),
            searchLog: deps.searchLog,
          },
        ),
        200,
      ),
    )
    .openapi(getProductRoute, async (c) =>
      c.json(await getCatalogProduct(db, c.req.valid('param').id, { includeOffShelf: false }), 200),
    );
}
