import { createRoute } from '@hono/zod-openapi';
import {
  CategoryInputSchema,
  CategorySchema,
  CursorQuerySchema,
  DomainError,
  IdParamSchema,
  LimitQuerySchema,
  ProductDetailSchema,
  ProductInputSchema,
  ProductSummarySchema,
  text,
} from '@weshop/core';
import {
  createCategory,
  createProduct,
  findCategory,
  findProduct,
  listCategories,
  listProducts,
} from '@weshop/db';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';

const AdminProductPageSchema = z
  .object({ items: z.array(ProductSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminProductPage' });

const authProblems = problemResponses('UNAUTHENTICATED', 'CSRF_TOKEN_INVALID');

const listProductsRoute = createRoute({
  method: 'get',
  path: '/products',
  tags: ['admin'],
  summary: 'All live products including those off shelf, newest first',
  request: {
    query: z.object({
      q: text(0, 64).optional(),
      categoryId: IdParamSchema.optional(),
      cursor: CursorQuerySchema,
      limit: LimitQuerySchema,
    }),
  },
  responses: {
    200: jsonContent(AdminProductPageSchema, 'One page'),
    ...problemResponses('VALIDATION_FAILED', 'UNAUTHENTICATED'),
  },
});

const getProductRoute = createRoute({
  method: 'get',
  path: '/products/{id}',
  tags: ['admin'],
  summary: 'One product, on or off shelf',
  request: { params: z.object({ id: IdParamSchema }) },
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
  request: { body: { content: { 'application/json': { schema: ProductInputSchema } }, required: true } },
  responses: {
    201: jsonContent(ProductDetailSchema, 'Created'),
    ...problemResponses('VALIDATION_FAILED'),
    ...authProblems,
  },
});

const listCategoriesRoute = createRoute({
  method: 'get',
  path: '/categories',
  tags: ['admin'],
  summary: 'All categories',
  responses: {
    200: jsonContent(z.object({ items: z.array(CategorySchema) }), 'Categories'),
    ...problemResponses('UNAUTHENTICATED'),
  },
});

const createCategoryRoute = createRoute({
  method: 'post',
  path: '/categories',
  tags: ['admin'],
  summary: 'Create a category',
  request: { body: { content: { 'application/json': { schema: CategoryInputSchema } }, required: true } },
  responses: {
    201: jsonContent(CategorySchema, 'Created'),
    ...problemResponses('VALIDATION_FAILED'),
    ...authProblems,
  },
});

/** Staff catalog management (behind requireAdmin, mounted by routes/admin/index.ts). */
export function createAdminCatalogRoutes({ db, now }: AppDeps) {
  return createRouter()
    .openapi(listProductsRoute, async (c) => {
      const query = c.req.valid('query');
      if (query.categoryId !== undefined && !(await findCategory(db, query.categoryId))) {
        throw new DomainError('VALIDATION_FAILED', {
          errors: [{ path: 'categoryId', message: 'no such category' }],
        });
      }
      return c.json(await listProducts(db, { ...query, includeOffShelf: true }), 200);
    })
    .openapi(getProductRoute, async (c) => {
      const { id } = c.req.valid('param');
      const product = await findProduct(db, id, { includeOffShelf: true });
      if (!product) throw new DomainError('NOT_FOUND', { resource: 'product', id });
      return c.json(product, 200);
    })
    .openapi(createProductRoute, async (c) =>
      c.json(await createProduct(db, c.req.valid('json'), now().toISOString()), 201),
    )
    .openapi(listCategoriesRoute, async (c) => c.json({ items: await listCategories(db) }, 200))
    .openapi(createCategoryRoute, async (c) =>
      c.json(await createCategory(db, c.req.valid('json'), now().toISOString()), 201),
    );
}
