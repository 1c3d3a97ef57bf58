/**
 * Request and response shapes that many `/api/shop/*` and `/api/admin/*` routes share: the page
 * envelope, path parameters, the Idempotency-Key header and the plain `{ ok: true }` answer. The API
 * validates with them and the browser apps read the same types (see contract/ for the generated client
 * types).
 */
import { z } from 'zod';
import { IdempotencyKeySchema } from './order/checkout.ts';
import { IdParamSchema } from './pagination/pagination.ts';

/**
 * One page of a cursor-paginated list: `{ items, nextCursor }`. With an `id` the page is a named
 * OpenAPI component (`ShopOrderPage`); without one it is written inline where it is used.
 */
export function pageSchema<T extends z.ZodType>(item: T, id?: string) {
  const schema = z.object({ items: z.array(item), nextCursor: z.string().nullable() });
  return id === undefined ? schema : schema.meta({ id });
}

/** A whole (unpaginated) list: `{ items }`. */
export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** `/…/{id}` */
export const IdParamsSchema = z.object({ id: IdParamSchema });

/** `/cart/items/{skuId}` */
export const SkuIdParamsSchema = z.object({ skuId: IdParamSchema });

/** `/fans/{openid}/…` */
export const OpenidParamsSchema = z.object({ openid: z.string().min(1).max(64) });

/** A state change the client may repeat safely: the same key answers the same result. */
export const IdempotencyHeadersSchema = z.object({ 'idempotency-key': IdempotencyKeySchema.optional() });

/** The answer of a delete or a logout. */
export const OkSchema = z.object({ ok: z.literal(true) });
