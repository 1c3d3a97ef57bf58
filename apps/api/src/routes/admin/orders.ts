/**
 * Staff order routes: list and filter, detail, ship, cancel (unpaid) and refund (paid, to the balance).
 */
import { createRoute } from '@hono/zod-openapi';
import {
  AdminOrderListQuerySchema,
  AdminOrderPageSchema,
  AdminOrderSchema,
  CancelOrderInputSchema,
  DomainError,
  IdParamsSchema,
  ShipOrderInputSchema,
} from '@weshop/core';
import { findFanId, findOpenids, findOrder, listOrders } from '@weshop/db';
import type { StoredOrder } from '@weshop/db';
import type { Context } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';
import type { AppEnv } from '../../http/router.ts';
import { cancelOrder, refundOrder, shipOrder } from '../../services/orders.ts';
import { toAdminOrder } from '../order-view.ts';

const changeProblems = problemResponses(
  'UNAUTHENTICATED',
  'CSRF_TOKEN_INVALID',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'ORDER_STATE_INVALID',
);

const listRoute = createRoute({
  method: 'get',
  path: '/orders',
  tags: ['admin'],
  summary: 'Orders, newest first; filter by status, order number or the fan’s openid',
  request: { query: AdminOrderListQuerySchema },
  responses: {
    200: jsonContent(AdminOrderPageSchema, 'One page of orders'),
    ...problemResponses('UNAUTHENTICATED', 'VALIDATION_FAILED'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/orders/{id}',
  tags: ['admin'],
  summary: 'One order',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(AdminOrderSchema, 'The order'),
    ...problemResponses('UNAUTHENTICATED', 'VALIDATION_FAILED', 'NOT_FOUND'),
  },
});

const shipRoute = createRoute({
  method: 'post',
  path: '/orders/{id}/ship',
  tags: ['admin'],
  summary: 'Ship a paid order; the "order shipped" notification is queued in the same transaction',
  request: {
    params: IdParamsSchema,
    body: jsonBody(ShipOrderInputSchema),
  },
  responses: { 200: jsonContent(AdminOrderSchema, 'The shipped order'), ...changeProblems },
});

const cancelRoute = createRoute({
  method: 'post',
  path: '/orders/{id}/cancel',
  tags: ['admin'],
  summary: 'Cancel an unpaid order (its stock is released)',
  request: {
    params: IdParamsSchema,
    body: jsonBody(CancelOrderInputSchema, false),
  },
  responses: { 200: jsonContent(AdminOrderSchema, 'The cancelled order'), ...changeProblems },
});

const refundRoute = createRoute({
  method: 'post',
  path: '/orders/{id}/refund',
  tags: ['admin'],
  summary: 'Refund a paid, unshipped order to the fan’s balance (its stock is released)',
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(AdminOrderSchema, 'The refunded order'), ...changeProblems },
});

export function createAdminOrderRoutes(deps: AppDeps) {
  const app = createRouter();
  const staffOf = (c: Context<AppEnv>) => ({ username: c.get('admin')!.user.username });
  const respond = async (order: StoredOrder) =>
    toAdminOrder(order, (await findOpenids(deps.db, [order.fanId])).get(order.fanId) ?? '', deps.now());

  app.openapi(listRoute, async (c) => {
    const { status, orderNo, openid, cursor, limit } = c.req.valid('query');
    let fanId: number | undefined;
    if (openid !== undefined) {
      fanId = await findFanId(deps.db, openid);
      if (fanId === undefined) return c.json({ items: [], nextCursor: null }, 200);
    }
    const page = await listOrders(deps.db, { status, orderNo, fanId, cursor, limit });
    const openids = await findOpenids(
      deps.db,
      page.items.map((order) => order.fanId),
    );
    const now = deps.now();
    return c.json(
      {
        items: page.items.map((order) => toAdminOrder(order, openids.get(order.fanId) ?? '', now)),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
  app.openapi(getRoute, async (c) => {
    const order = await findOrder(deps.db, c.req.valid('param').id);
    if (!order) throw new DomainError('NOT_FOUND', { resource: 'order' });
    return c.json(await respond(order), 200);
  });
  app.openapi(shipRoute, async (c) =>
    c.json(
      await respond(await shipOrder(deps, staffOf(c), c.req.valid('param').id, c.req.valid('json'))),
      200,
    ),
  );
  app.openapi(cancelRoute, async (c) => {
    const reason = (c.req.valid('json') as { reason?: string } | undefined)?.reason ?? '';
    const who = { actor: 'staff' as const, ...staffOf(c) };
    return c.json(await respond(await cancelOrder(deps, who, c.req.valid('param').id, reason)), 200);
  });
  app.openapi(refundRoute, async (c) =>
    c.json(await respond(await refundOrder(deps, staffOf(c), c.req.valid('param').id)), 200),
  );
  return app;
}
