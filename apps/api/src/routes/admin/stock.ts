/**
 * Staff stock changes as deltas, safe while checkouts run (no lost update).
 */
import { createRoute } from '@hono/zod-openapi';
import { IdParamsSchema, StockChangeSchema, StockLevelSchema } from '@weshop/core';
import { adjustStock } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';

const route = createRoute({
  method: 'post',
  path: '/skus/{id}/stock',
  tags: ['admin'],
  summary: 'Restock (positive delta) or write off (negative delta) a SKU; answers the new stock',
  request: {
    params: IdParamsSchema,
    body: jsonBody(StockChangeSchema),
  },
  responses: {
    200: jsonContent(StockLevelSchema, 'The new stock'),
    ...problemResponses(
      'UNAUTHENTICATED',
      'CSRF_TOKEN_INVALID',
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'OUT_OF_STOCK',
    ),
  },
});

export function createAdminStockRoutes(deps: AppDeps) {
  return createRouter().openapi(route, async (c) => {
    const skuId = c.req.valid('param').id;
    const stock = await adjustStock(deps.db, skuId, c.req.valid('json').delta, deps.now().toISOString());
    return c.json({ skuId, stock }, 200);
  });
}
