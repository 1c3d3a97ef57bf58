import { createRoute } from '@hono/zod-openapi';
import {
  CategoryInputSchema,
  CategoryListSchema,
  CategorySchema,
  DomainError,
  IdParamsSchema,
  ProductDetailSchema,
  ProductInputSchema,
  ProductListQuerySchema,
  ProductPageSchema,
  PurchaseLimitInputSchema,
} from '@weshop/core';
import { createCategory, createProduct, listCategories, setPurchaseLimit } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';
import { getCatalogProduct, listCatalogProducts } from '../../services/catalog.ts';

const authProblems = problemResponses('UNAUTHENTICATED', 'CSRF_TOKEN_INVALID');

const listProductsRoute = createRoute({
  method: 'get',
  path: '/products',
  tags: ['admin'],
  summary: 'All live products including those off shelf, newest first',
  request: { query: ProductListQuerySchema },
  responses: {
    200: jsonContent(ProductPageSchema, 'One page'),
    ...problemResponses('VALIDATION_FAILED', 'UNAUTHENTICATED'),
  },
});

const getProductRoute = createRoute({
  method: 'get',
  path: '/products/{id}',
  tags: ['admin'],
  summary: 'One product, on or off shelf',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(ProductDetailSchema, 'The product'),
    ...problemResponses('NOT_FOUND', 'UNAUTHENTICATED'),
  },
});

const createProductRoute = createRoute({
  method: 'post',
  path: '/products',
  tags: ['admin'],
  summary: 'Create a product with its SKUs',
  request: { body: jsonBody(ProductInputSchema) },
  responses: {
    201: jsonContent(ProductDetailSchema, 'Created'),
    ...problemResponses('VALIDATION_FAILED'),
    ...authProblems,
  },
});

const setPurchaseLimitRoute = createRoute({
  method: 'put',
  path: '/products/{id}/purchase-limit',
  tags: ['admin'],
  summary: 'Set how many units of a product one fan may buy (限购), or null for no limit',
  request: { params: IdParamsSchema, body: jsonBody(PurchaseLimitInputSchema) },
  responses: {
    200: jsonContent(ProductDetailSchema, 'The product'),
    ...problemResponses('VALIDATION_FAILED', 'NOT_FOUND'),
    ...authProblems,
  },
});

const listCategoriesRoute = createRoute({
  method: 'get',
  path: '/categories',
  tags: ['admin'],
  summary: 'All categories',
  responses: {
    200: jsonContent(CategoryListSchema, 'Categories'),
    ...problemResponses('UNAUTHENTICATED'),
  },
});

const createCategoryRoute = createRoute({
  method: 'post',
  path: '/categories',
  tags: ['admin'],
  summary: 'Create a category',
  request: { body: jsonBody(CategoryInputSchema) },
  responses: {
    201: jsonContent(CategorySchema, 'Created'),
    ...problemResponses('VALIDATION_FAILED'),
    ...authProblems,
  },
});

/** Staff catalog management (behind requireAdmin, mounted by routes/admin/index.ts). */
export function createAdminCatalogRoutes(deps: AppDeps) {
  const { db, now } = deps;
  return createRouter()
    .openapi(listProductsRoute, async (c) =>
      c.json(
        await listCatalogProducts(
          db,
          c.req.valid('query'),
          { includeOffShelf: true },
          { source: 'admin', openid: null, now: now(), searchLog: deps.searchLog },
        ),
        200,
      ),
    )
    .openapi(getProductRoute, async (c) =>
      c.json(await getCatalogProduct(db, c.req.valid('param').id, { includeOffShelf: true }), 200),
    )
    .openapi(createProductRoute, async (c) =>
      c.json(await createProduct(db, c.req.valid('json'), now().toISOString()), 201),
    )
    .openapi(setPurchaseLimitRoute, async (c) => {
      const { id } = c.req.valid('param');
      const limit = c.req.valid('json').purchaseLimit;
      if (!(await setPurchaseLimit(db, id, limit, now().toISOString()))) {
        throw new DomainError('NOT_FOUND', { resource: 'product', id });
      }
      return c.json(await getCatalogProduct(db, id, { includeOffShelf: true }), 200);
    })
    .openapi(listCategoriesRoute, async (c) => c.json({ items: await listCategories(db) }, 200))
    .openapi(createCategoryRoute, async (c) =>
      c.json(await createCategory(db, c.req.valid('json'), now().toISOString()), 201),
    );
}
