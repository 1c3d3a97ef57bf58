/**
 * The fan's cart, orders and balance ledger. Everything here needs the fan's session and only ever
 * touches that fan's rows: another fan's order id reads as 404.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  CancelOrderInputSchema,
  CartAddInputSchema,
  CartSchema,
  CartSetInputSchema,
  IdParamsSchema,
  IdempotencyHeadersSchema,
  LedgerPageSchema,
  ListQuerySchema,
  PayOrderInputSchema,
  PlaceOrderInputSchema,
  ShopOrderListQuerySchema,
  ShopOrderPageSchema,
  ShopOrderSchema,
  SkuIdParamsSchema,
} from '@weshop/core';
import { listLedgerEntries, listOrders, putCartLine, readCart, removeCartLines, findOrder } from '@weshop/db';
import { DomainError } from '@weshop/core';
import type { Context } from 'hono';
import { requireFan } from '../../auth/fan-session.ts';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';
import type { AppEnv } from '../../http/router.ts';
import { fanIdFor } from '../../services/balance.ts';
import { cancelOrder, confirmOrder, payWithBalance, placeOrder } from '../../services/orders.ts';
import { toShopOrder } from '../order-view.ts';

const fanProblems = problemResponses('UNAUTHENTICATED', 'VALIDATION_FAILED');
const orderProblems = problemResponses(
  'UNAUTHENTICATED',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'ORDER_STATE_INVALID',
);

// ---------------------------------------------------------------- routes

const getCartRoute = createRoute({
  method: 'get',
  path: '/cart',
  tags: ['shop'],
  summary: 'The fan’s cart, priced from the catalog now',
  responses: { 200: jsonContent(CartSchema, 'The cart'), ...problemResponses('UNAUTHENTICATED') },
});

const addToCartRoute = createRoute({
  method: 'post',
  path: '/cart/items',
  tags: ['shop'],
  summary: 'Add a SKU to the cart (the quantity adds to what the cart holds)',
  request: { body: jsonBody(CartAddInputSchema) },
  responses: {
    200: jsonContent(CartSchema, 'The cart'),
    ...fanProblems,
    ...problemResponses('OUT_OF_STOCK', 'PRODUCT_UNAVAILABLE', 'PURCHASE_LIMIT_EXCEEDED', 'LIMIT_EXCEEDED'),
  },
});

const setCartLineRoute = createRoute({
  method: 'put',
  path: '/cart/items/{skuId}',
  tags: ['shop'],
  summary: 'Set the quantity of a SKU in the cart',
  request: { params: SkuIdParamsSchema, body: jsonBody(CartSetInputSchema) },
  responses: {
    200: jsonContent(CartSchema, 'The cart'),
    ...fanProblems,
    ...problemResponses('OUT_OF_STOCK', 'PRODUCT_UNAVAILABLE', 'PURCHASE_LIMIT_EXCEEDED', 'LIMIT_EXCEEDED'),
  },
});

const removeCartLineRoute = createRoute({
  method: 'delete',
  path: '/cart/items/{skuId}',
  tags: ['shop'],
  summary: 'Take a SKU out of the cart',
  request: { params: SkuIdParamsSchema },
  responses: { 200: jsonContent(CartSchema, 'The cart'), ...fanProblems },
});

const placeOrderRoute = createRoute({
  method: 'post',
  path: '/orders',
  tags: ['shop'],
  summary:
    'Place an order: the server prices every line and reserves the stock. Send an Idempotency-Key: the same key and body return the same order.',
  request: {
    headers: IdempotencyHeadersSchema,
    body: jsonBody(PlaceOrderInputSchema),
  },
  responses: {
    201: jsonContent(ShopOrderSchema, 'The new order (or, for a repeated key, the order it made)'),
    ...problemResponses(
      'UNAUTHENTICATED',
      'VALIDATION_FAILED',
      'FORBIDDEN',
      'OUT_OF_STOCK',
      'PRODUCT_UNAVAILABLE',
      'UNPAID_UNITS_LIMIT_EXCEEDED',
      'PURCHASE_LIMIT_EXCEEDED',
      'LIMIT_EXCEEDED',
      'IDEMPOTENCY_KEY_REUSED',
    ),
  },
});

const listOrdersRoute = createRoute({
  method: 'get',
  path: '/orders',
  tags: ['shop'],
  summary: 'The fan’s orders, newest first',
  request: { query: ShopOrderListQuerySchema },
  responses: { 200: jsonContent(ShopOrderPageSchema, 'One page of orders'), ...fanProblems },
});

const getOrderRoute = createRoute({
  method: 'get',
  path: '/orders/{id}',
  tags: ['shop'],
  summary: 'One of the fan’s orders',
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(ShopOrderSchema, 'The order'), ...orderProblems },
});

const payOrderRoute = createRoute({
  method: 'post',
  path: '/orders/{id}/pay',
  tags: ['shop'],
  summary: 'Pay an unpaid order with the stored balance',
  request: { params: IdParamsSchema, body: jsonBody(PayOrderInputSchema) },
  responses: {
    200: jsonContent(ShopOrderSchema, 'The paid order'),
    ...orderProblems,
    ...problemResponses('INSUFFICIENT_BALANCE'),
  },
});

const cancelOrderRoute = createRoute({
  method: 'post',
  path: '/orders/{id}/cancel',
  tags: ['shop'],
  summary: 'Cancel an unpaid order, or a paid one not yet shipped (refunded to the balance)',
  request: { params: IdParamsSchema, body: jsonBody(CancelOrderInputSchema, false) },
  responses: { 200: jsonContent(ShopOrderSchema, 'The cancelled order'), ...orderProblems },
});

const confirmOrderRoute = createRoute({
  method: 'post',
  path: '/orders/{id}/confirm',
  tags: ['shop'],
  summary: 'Confirm receipt of a shipped order',
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(ShopOrderSchema, 'The completed order'), ...orderProblems },
});

const ledgerRoute = createRoute({
  method: 'get',
  path: '/balance/transactions',
  tags: ['shop'],
  summary: 'The fan’s balance ledger, newest first (amountFen is signed)',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(LedgerPageSchema, 'One page of ledger entries'), ...fanProblems },
});

// ---------------------------------------------------------------- handlers

export function createShopOrderRoutes(deps: AppDeps) {
  const app = createRouter();
  for (const path of ['/cart', '/cart/*', '/orders', '/orders/*', '/balance/*'])
    app.use(path, requireFan(deps));

  /** The signed-in fan: openid from the session, id from the database. */
  const fanOf = async (c: Context<AppEnv>) => {
    const { openid, snapshot } = c.get('fan')!;
    return { openid, snapshot, fanId: await fanIdFor(deps.db, openid, deps.now().toISOString()) };
  };
  const now = () => deps.now();

  app.openapi(getCartRoute, async (c) => c.json(await readCart(deps.db, (await fanOf(c)).fanId), 200));
  app.openapi(addToCartRoute, async (c) => {
    const { fanId } = await fanOf(c);
    const { skuId, quantity } = c.req.valid('json');
    await putCartLine(deps.db, { fanId, skuId, quantity, add: true, now: now().toISOString() });
    return c.json(await readCart(deps.db, fanId), 200);
  });
  app.openapi(setCartLineRoute, async (c) => {
    const { fanId } = await fanOf(c);
    const { quantity } = c.req.valid('json');
    const { skuId } = c.req.valid('param');
    await putCartLine(deps.db, { fanId, skuId, quantity, add: false, now: now().toISOString() });
    return c.json(await readCart(deps.db, fanId), 200);
  });
  app.openapi(removeCartLineRoute, async (c) => {
    const { fanId } = await fanOf(c);
    await removeCartLines(deps.db, fanId, [c.req.valid('param').skuId]);
    return c.json(await readCart(deps.db, fanId), 200);
  });

  app.openapi(placeOrderRoute, async (c) => {
    const fan = await fanOf(c);
    const key = c.req.valid('header')['idempotency-key'] ?? null;
    const { order, replayed } = await placeOrder(deps, fan, c.req.valid('json'), key);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(toShopOrder(order, now()), 201);
  });
  app.openapi(listOrdersRoute, async (c) => {
    const { fanId } = await fanOf(c);
    const { status, cursor, limit } = c.req.valid('query');
    const page = await listOrders(deps.db, { fanId, status, cursor, limit });
    return c.json(
      { items: page.items.map((order) => toShopOrder(order, now())), nextCursor: page.nextCursor },
      200,
    );
  });
  app.openapi(getOrderRoute, async (c) => {
    const { fanId } = await fanOf(c);
    const order = await findOrder(deps.db, c.req.valid('param').id, { fanId });
    if (!order) throw new DomainError('NOT_FOUND', { resource: 'order' });
    return c.json(toShopOrder(order, now()), 200);
  });
  app.openapi(payOrderRoute, async (c) => {
    const order = await payWithBalance(deps, await fanOf(c), c.req.valid('param').id);
    return c.json(toShopOrder(order, now()), 200);
  });
  app.openapi(cancelOrderRoute, async (c) => {
    const fan = await fanOf(c);
    const reason = (c.req.valid('json') as { reason?: string } | undefined)?.reason ?? '';
    const order = await cancelOrder(deps, { actor: 'fan', ...fan }, c.req.valid('param').id, reason);
    return c.json(toShopOrder(order, now()), 200);
  });
  app.openapi(confirmOrderRoute, async (c) => {
    const order = await confirmOrder(deps, await fanOf(c), c.req.valid('param').id);
    return c.json(toShopOrder(order, now()), 200);
  });

  app.openapi(ledgerRoute, async (c) => {
    const { fanId } = await fanOf(c);
    const { cursor, limit } = c.req.valid('query');
    return c.json(await listLedgerEntries(deps.db, { fanId, cursor, limit }), 200);
  });
  return app;
}
