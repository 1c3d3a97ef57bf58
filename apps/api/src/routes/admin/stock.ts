/**
 * Staff stock changes as deltas, safe while checkouts run (no lost update).
 */
import { createRoute } from '@hono/zod-openapi';
import { IdParamSchema, MAX_STOCK } from '@weshop/core';
import { adjustStock } from '@weshop/db';
import { z } from 'zod';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonContent, problemResponses } from '../../http/router.ts';

const StockChangeSchema = z
  .object({
    delta: z
      .int({ error: 'must be a whole number' })
      .min(-MAX_STOCK)
      .max(MAX_STOCK)
      .refine((n) => n !== 0, { error: 'must not be zero' }),
  })
  .meta({ id: 'StockChange' });

const route = createRoute({
  method: 'post',
  path: '/skus/{id}/stock',
  tags: ['admin'],
  summary: 'Restock (positive delta) or write off (negative delta) a SKU; answers the new stock',
  request: {
    params: z.object({ id: IdParamSchema }),
    body: { content: { 'application/json': { schema: StockChangeSchema } }, required: true },
  },
  responses: {
    200: jsonContent(z.object({ skuId: z.int(), stock: z.int().min(0) }), 'The new stock'),
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
