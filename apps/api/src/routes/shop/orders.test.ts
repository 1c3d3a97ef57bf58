import { createProduct, findLedgerMismatches } from '@weshop/db';
import { ProductInputSchema } from '@weshop/core';
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '@weshop/db/testing';
import { autoCompleteOrders, expireUnpaidOrders } from '../../services/orders.ts';
import { createTestApp, loginAsAdmin, signInFan } from '../../testing.ts';
import type { AdminClient, SessionClient, TestApp } from '../../testing.ts';

const ADDRESS = { name: '王小明', phone: '13800138000', detail: '上海市徐汇区漕溪北路 88 号' };
const T0 = new Date('2026-11-22T02:00:00.000Z');
const MINUTE = 60_000;

interface OrderBody {
  id: number;
  orderNo: string;
  status: string;
  totalFen: number;
  itemsTotalFen: number;
  items: {
    skuId: number;
    title: string;
    priceFen: number;
    quantity: number;
    subtotalFen: number;
    spec: object;
  }[];
  actions: string[];
  paymentMethod: string | null;
  carrier: string | null;
  trackingNo: string | null;
}

interface Problem {
  code: string;
  status: number;
  errors?: { path: string }[];
  [key: string]: unknown;
}

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

describe.each(testDialects())('orders, cart and balance on %s', (dialect) => {
  let t: TestApp;
  let fan: SessionClient;
  let admin: AdminClient;
  let dress: { skuM: number; skuL: number; productId: number };
  let lipstick: number;

  async function product(input: z.input<typeof ProductInputSchema>) {
    return createProduct(t.database.db, ProductInputSchema.parse(input));
  }

  async function stockOf(skuId: number): Promise<number> {
    const row = await t.database.db
      .selectFrom('skus')
      .select('stock')
      .where('id', '=', skuId)
      .executeTakeFirstOrThrow();
    return row.stock;
  }

  const place = (client: SessionClient, items: unknown, key?: string, extra: object = {}) =>
    client.json(
      'POST',
      '/api/shop/orders',
      { items, address: ADDRESS, ...extra },
      key ? { 'idempotency-key': key } : {},
    );

  async function placeOk(client: SessionClient, items: unknown, key?: string): Promise<OrderBody> {
    const response = await place(client, items, key);
    expect(response.status, await response.clone().text()).toBe(201);
    return json<OrderBody>(response);
  }

  async function topUp(openid: string, amountFen: number, key?: string) {
    return admin.json(
      'POST',
      `/api/admin/fans/${openid}/balance`,
      { amountFen, reason: '门店充值' },
      key ? { 'idempotency-key': key } : {},
    );
  }

  async function balanceOf(client: SessionClient): Promise<number> {
    return (await json<{ balanceFen: number }>(await client.request('/api/shop/me'))).balanceFen;
  }

  beforeEach(async () => {
    t = await createTestApp(dialect, { env: { ORDER_MAX_UNPAID: '3' } });
    t.setNow(T0);
    const d = await product({
      title: '碎花连衣裙',
      images: ['/uploads/demo/dress.jpg'],
      skus: [
        { spec: { 尺码: 'M' }, priceFen: 19900, stock: 5 },
        { spec: { 尺码: 'L' }, priceFen: 20900, stock: 1 },
      ],
    });
    dress = { productId: d.id, skuM: d.skus[0]!.id, skuL: d.skus[1]!.id };
    lipstick = (await product({ title: '丝绒口红', skus: [{ priceFen: 12800, stock: 50 }] })).skus[0]!.id;
    fan = await signInFan(t, 'o-fan-1');
    admin = await loginAsAdmin(t);
  });

  afterEach(async () => {
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
    await t.close();
  });

  describe('placing an order', () => {
    it('prices every line from the catalog, reserves stock and snapshots the lines', async () => {
      const response = await place(
        fan,
        [
          { skuId: dress.skuM, quantity: 2, priceFen: 1, price: 0.01 },
          { skuId: lipstick, quantity: 1 },
        ],
        undefined,
        { totalFen: 1, status: 'paid' },
      );
      expect(response.status).toBe(201);
      const order = await json<OrderBody>(response);
      expect(order.status).toBe('pending_payment');
      expect(order.orderNo).toMatch(/^\d{16}$/);
      expect(order.totalFen).toBe(2 * 19900 + 12800);
      expect(order.items.map((item) => [item.title, item.priceFen, item.quantity, item.subtotalFen])).toEqual(
        [
          ['碎花连衣裙', 19900, 2, 39800],
          ['丝绒口红', 12800, 1, 12800],
        ],
      );
      expect(order.items[0]!.spec).toEqual({ 尺码: 'M' });
      expect(order.actions).toEqual(['pay', 'cancel']);
      expect(await stockOf(dress.skuM)).toBe(3);
      expect(await stockOf(lipstick)).toBe(49);
    });

    it.each([0, -1, 1.5, '2', 1e9, null, 100])(
      'refuses quantity %j with 400 naming the field',
      async (quantity) => {
        const response = await place(fan, [{ skuId: dress.skuM, quantity }]);
        expect(response.status).toBe(400);
        const problem = await json<Problem>(response);
        expect(problem.code).toBe('VALIDATION_FAILED');
        expect(problem.errors![0]!.path).toBe('items.0.quantity');
        expect(await stockOf(dress.skuM)).toBe(5);
      },
    );

    it('refuses an unknown SKU, naming its line', async () => {
      const response = await place(fan, [
        { skuId: lipstick, quantity: 1 },
        { skuId: 999_999, quantity: 1 },
      ]);
      expect(response.status).toBe(400);
      expect((await json<Problem>(response)).errors![0]!.path).toBe('items.1.skuId');
      expect(await stockOf(lipstick)).toBe(50);
    });

    it('refuses an off-shelf product with 409 PRODUCT_UNAVAILABLE', async () => {
      const hidden = (
        await product({ title: '下架商品', onShelf: false, skus: [{ priceFen: 100, stock: 5 }] })
      ).skus[0]!.id;
      const response = await place(fan, [{ skuId: hidden, quantity: 1 }]);
      expect(response.status).toBe(409);
      expect((await json<Problem>(response)).code).toBe('PRODUCT_UNAVAILABLE');
    });

    it('is 409 OUT_OF_STOCK with what is left, and changes no stock, when one line cannot be served', async () => {
      const response = await place(fan, [
        { skuId: dress.skuM, quantity: 1 },
        { skuId: dress.skuL, quantity: 2 },
      ]);
      expect(response.status).toBe(409);
      expect(await json<Problem>(response)).toMatchObject({
        code: 'OUT_OF_STOCK',
        skuId: dress.skuL,
        available: 1,
      });
      expect(await stockOf(dress.skuM)).toBe(5);
      expect(await stockOf(dress.skuL)).toBe(1);
    });

    it('checks availability on the sum of lines of one SKU', async () => {
      const response = await place(fan, [
        { skuId: dress.skuL, quantity: 1 },
        { skuId: dress.skuL, quantity: 1 },
      ]);
      expect(response.status).toBe(409);
      expect(await stockOf(dress.skuL)).toBe(1);
    });

    it('returns the same order for the same Idempotency-Key and body, and 422 for another body', async () => {
      const first = await placeOk(fan, [{ skuId: dress.skuM, quantity: 1 }], 'key-1');
      const again = await place(fan, [{ skuId: dress.skuM, quantity: 1 }], 'key-1');
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect((await json<OrderBody>(again)).id).toBe(first.id);
      expect(await stockOf(dress.skuM)).toBe(4);
      const other = await place(fan, [{ skuId: dress.skuM, quantity: 2 }], 'key-1');
      expect(other.status).toBe(422);
      expect((await json<Problem>(other)).code).toBe('IDEMPOTENCY_KEY_REUSED');
      // Another fan may use the same key for their own order.
      const second = await placeOk(
        await signInFan(t, 'o-fan-2'),
        [{ skuId: dress.skuM, quantity: 1 }],
        'key-1',
      );
      expect(second.id).not.toBe(first.id);
    });

    it('answers ten concurrent submissions of one key with one order', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => place(fan, [{ skuId: dress.skuM, quantity: 1 }], 'double-click')),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      const ids = new Set(await Promise.all(responses.map(async (r) => (await json<OrderBody>(r)).id)));
      expect(ids.size).toBe(1);
      expect(await stockOf(dress.skuM)).toBe(4);
    });

    it('refuses a bad Idempotency-Key header', async () => {
      const response = await place(fan, [{ skuId: dress.skuM, quantity: 1 }], 'k'.repeat(65));
      expect(response.status).toBe(400);
      expect((await json<Problem>(response)).errors![0]!.path).toBe('idempotency-key');
    });

    it('caps the unpaid orders of one fan', async () => {
      for (let i = 0; i < 3; i++) await placeOk(fan, [{ skuId: lipstick, quantity: 1 }]);
      const response = await place(fan, [{ skuId: lipstick, quantity: 1 }]);
      expect(response.status).toBe(422);
      expect((await json<Problem>(response)).code).toBe('LIMIT_EXCEEDED');
      expect(await stockOf(lipstick)).toBe(47);
    });

    it('does not let a snapshot-page visitor order', async () => {
      const snapshot = await signInFan(t, 'o-snapshot', { snapshot: true });
      expect((await place(snapshot, [{ skuId: lipstick, quantity: 1 }])).status).toBe(403);
    });

    it('refuses a bad address with the field named', async () => {
      const response = await fan.json('POST', '/api/shop/orders', {
        items: [{ skuId: lipstick, quantity: 1 }],
        address: { ...ADDRESS, phone: '1234' },
      });
      expect(response.status).toBe(400);
      expect((await json<Problem>(response)).errors![0]!.path).toBe('address.phone');
    });

    it('takes ordered SKUs out of the cart', async () => {
      await fan.json('POST', '/api/shop/cart/items', { skuId: lipstick, quantity: 2 });
      await fan.json('POST', '/api/shop/cart/items', { skuId: dress.skuM, quantity: 1 });
      await placeOk(fan, [{ skuId: lipstick, quantity: 2 }]);
      const cart = await json<{ items: { skuId: number }[] }>(await fan.request('/api/shop/cart'));
      expect(cart.items.map((item) => item.skuId)).toEqual([dress.skuM]);
    });
  });

  describe('paying with balance', () => {
    it('is 409 INSUFFICIENT_BALANCE and changes nothing when the balance is short', async () => {
      const order = await placeOk(fan, [{ skuId: dress.skuM, quantity: 1 }]);
      await topUp('o-fan-1', 10000);
      const response = await fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' });
      expect(response.status).toBe(409);
      expect(await json<Problem>(response)).toMatchObject({
        code: 'INSUFFICIENT_BALANCE',
        balanceFen: 10000,
      });
      expect(await balanceOf(fan)).toBe(10000);
      const after = await json<OrderBody>(await fan.request(`/api/shop/orders/${order.id}`));
      expect(after.status).toBe('pending_payment');
    });

    it('debits once, also when pay is clicked twice or concurrently', async () => {
      const order = await placeOk(fan, [{ skuId: dress.skuM, quantity: 1 }]);
      await topUp('o-fan-1', 50000);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(5).fill(200));
      const paid = await json<OrderBody>(results[0]!);
      expect(paid).toMatchObject({ status: 'paid', paymentMethod: 'balance', actions: ['cancel'] });
      expect(await balanceOf(fan)).toBe(50000 - 19900);
      const ledger = await json<{
        items: { kind: string; amountFen: number; balanceAfterFen: number; reason: string }[];
      }>(await fan.request('/api/shop/balance/transactions'));
      expect(ledger.items.map((e) => [e.kind, e.amountFen, e.balanceAfterFen])).toEqual([
        ['spend', -19900, 30100],
        ['topup', 50000, 50000],
      ]);
      expect(ledger.items[0]!.reason).toContain(order.orderNo);
    });

    it('refuses "method" other than balance, and price fields do nothing', async () => {
      const order = await placeOk(fan, [{ skuId: lipstick, quantity: 1 }]);
      const response = await fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'wechat_pay' });
      expect(response.status).toBe(400);
      expect((await json<Problem>(response)).errors![0]!.path).toBe('method');
    });

    it('refuses an expired order, and the expiry job cancels it and releases the stock', async () => {
      const order = await placeOk(fan, [{ skuId: dress.skuM, quantity: 2 }]);
      await topUp('o-fan-1', 100000);
      t.setNow(new Date(T0.getTime() + 30 * MINUTE));
      const late = await fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' });
      expect(late.status).toBe(409);
      expect(await json<Problem>(late)).toMatchObject({
        code: 'ORDER_STATE_INVALID',
        reason: 'payment_window_closed',
      });
      // Two instances' jobs at once: one cancels, the other finds nothing left; stock comes back once.
      const moved = await Promise.all([expireUnpaidOrders(t.deps), expireUnpaidOrders(t.deps)]);
      expect(moved.reduce((a, b) => a + b, 0)).toBe(1);
      expect(await expireUnpaidOrders(t.deps)).toBe(0);
      const cancelled = await json<OrderBody & { cancelReason: string }>(
        await fan.request(`/api/shop/orders/${order.id}`),
      );
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'expired' });
      expect(await stockOf(dress.skuM)).toBe(5);
      const again = await fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' });
      expect(again.status).toBe(409);
      expect(await balanceOf(fan)).toBe(100000);
    });

    it('lets the expiry job and a payment race on one order with exactly one winner', async () => {
      await topUp('o-fan-1', 100000);
      for (let trial = 0; trial < 5; trial++) {
        t.setNow(T0);
        const order = await placeOk(fan, [{ skuId: lipstick, quantity: 1 }]);
        // The job sees the order as expired; the payment sees it one millisecond before the deadline.
        const deadline = new Date(T0.getTime() + 30 * MINUTE);
        t.setNow(new Date(deadline.getTime() - 1));
        const pay = fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' });
        t.setNow(deadline);
        const [payResponse] = await Promise.all([pay, expireUnpaidOrders(t.deps)]);
        const final = await json<OrderBody>(await fan.request(`/api/shop/orders/${order.id}`));
        if (payResponse.status === 200) expect(final.status).toBe('paid');
        else expect(final.status).toBe('cancelled');
      }
    });
  });

  describe('cancelling', () => {
    it('cancels an unpaid order and releases its stock', async () => {
      const order = await placeOk(fan, [{ skuId: dress.skuL, quantity: 1 }]);
      expect(await stockOf(dress.skuL)).toBe(0);
      const response = await fan.json('POST', `/api/shop/orders/${order.id}/cancel`, { reason: '不想要了' });
      expect(response.status).toBe(200);
      expect((await json<OrderBody>(response)).status).toBe('cancelled');
      expect(await stockOf(dress.skuL)).toBe(1);
      expect((await fan.json('POST', `/api/shop/orders/${order.id}/cancel`)).status).toBe(409);
      expect(await stockOf(dress.skuL)).toBe(1);
    });

    it('cancels a paid, unshipped order with the money back on the balance', async () => {
      const order = await placeOk(fan, [{ skuId: dress.skuM, quantity: 1 }]);
      await topUp('o-fan-1', 30000);
      await fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' });
      const response = await fan.json('POST', `/api/shop/orders/${order.id}/cancel`);
      expect(response.status).toBe(200);
      expect(await balanceOf(fan)).toBe(30000);
      expect(await stockOf(dress.skuM)).toBe(5);
    });
  });

  describe('staff', () => {
    async function paidOrder(): Promise<OrderBody> {
      const order = await placeOk(fan, [{ skuId: dress.skuM, quantity: 1 }]);
      await topUp('o-fan-1', 19900);
      const response = await fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' });
      expect(response.status).toBe(200);
      return order;
    }

    const outboxKeys = async () =>
      (await t.database.db.selectFrom('outbox').select('dedupe_key').orderBy('id').execute()).map(
        (r) => r.dedupe_key,
      );

    it('ships once, queueing one notification; a second ship is 409', async () => {
      const order = await paidOrder();
      let rings = 0;
      t.deps.outboxBell.listen(() => rings++);
      const ship = () =>
        admin.json('POST', `/api/admin/orders/${order.id}/ship`, {
          carrier: '顺丰速运',
          trackingNo: 'SF1234567890',
        });
      const [a, b] = await Promise.all([ship(), ship()]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const shipped = await json<OrderBody & { openid: string }>(a.status === 200 ? a : b);
      expect(shipped).toMatchObject({
        status: 'shipped',
        carrier: '顺丰速运',
        trackingNo: 'SF1234567890',
        openid: 'o-fan-1',
      });
      expect((await outboxKeys()).filter((key) => key.startsWith('shipped:'))).toEqual([
        `shipped:${order.id}`,
      ]);
      // The in-process worker is woken for the shipment that committed, not for the refused one.
      expect(rings).toBe(1);
    });

    it('refuses to ship an unpaid order, and validates the tracking number', async () => {
      const order = await placeOk(fan, [{ skuId: lipstick, quantity: 1 }]);
      const unpaid = await admin.json('POST', `/api/admin/orders/${order.id}/ship`, {
        carrier: '顺丰',
        trackingNo: 'SF1234',
      });
      expect(unpaid.status).toBe(409);
      const bad = await admin.json('POST', `/api/admin/orders/${order.id}/ship`, {
        carrier: '顺丰',
        trackingNo: '<x>',
      });
      expect(bad.status).toBe(400);
      expect((await json<Problem>(bad)).errors![0]!.path).toBe('trackingNo');
    });

    it('refunds a paid order to the balance and releases the stock', async () => {
      const order = await paidOrder();
      expect(await balanceOf(fan)).toBe(0);
      const response = await admin.json('POST', `/api/admin/orders/${order.id}/refund`);
      expect(response.status).toBe(200);
      expect((await json<OrderBody>(response)).status).toBe('refunded');
      expect(await balanceOf(fan)).toBe(19900);
      expect(await stockOf(dress.skuM)).toBe(5);
      expect((await admin.json('POST', `/api/admin/orders/${order.id}/refund`)).status).toBe(409);
      expect(await balanceOf(fan)).toBe(19900);
    });

    it('lets the fan confirm a shipped order, and completes the others after the configured days', async () => {
      const first = await paidOrder();
      const second = await paidOrder();
      for (const order of [first, second]) {
        await admin.json('POST', `/api/admin/orders/${order.id}/ship`, {
          carrier: '中通',
          trackingNo: 'ZT100200300',
        });
      }
      const confirmed = await fan.json('POST', `/api/shop/orders/${first.id}/confirm`);
      expect((await json<OrderBody>(confirmed)).status).toBe('completed');
      expect(await autoCompleteOrders(t.deps)).toBe(0);
      t.setNow(new Date(T0.getTime() + 10 * 86_400_000 + MINUTE));
      expect(await autoCompleteOrders(t.deps)).toBe(1);
      // (Every session has expired by now: read the row.)
      const row = await t.database.db
        .selectFrom('orders')
        .select('status')
        .where('id', '=', second.id)
        .executeTakeFirst();
      expect(row?.status).toBe('completed');
    });

    it('lists and filters orders with the fan’s openid', async () => {
      const paid = await paidOrder();
      const unpaid = await placeOk(fan, [{ skuId: lipstick, quantity: 1 }]);
      const all = await json<{ items: { id: number; openid: string }[] }>(
        await admin.request('/api/admin/orders'),
      );
      expect(all.items.map((o) => o.id)).toEqual([unpaid.id, paid.id]);
      expect(all.items[0]!.openid).toBe('o-fan-1');
      const onlyPaid = await json<{ items: { id: number }[] }>(
        await admin.request('/api/admin/orders?status=paid'),
      );
      expect(onlyPaid.items.map((o) => o.id)).toEqual([paid.id]);
      const byNo = await json<{ items: { id: number }[] }>(
        await admin.request(`/api/admin/orders?orderNo=${unpaid.orderNo}`),
      );
      expect(byNo.items.map((o) => o.id)).toEqual([unpaid.id]);
      expect((await admin.request('/api/admin/orders?openid=nobody')).status).toBe(200);
      expect((await admin.request('/api/admin/orders?status=lost')).status).toBe(400);
    });

    it('adjusts a balance once per Idempotency-Key and never below zero', async () => {
      const first = await topUp('o-fan-1', 5000, 'adj-1');
      expect(await json(first)).toMatchObject({
        balanceFen: 5000,
        replayed: false,
        entry: { kind: 'topup' },
      });
      const again = await topUp('o-fan-1', 5000, 'adj-1');
      expect(await json(again)).toMatchObject({ balanceFen: 5000, replayed: true });
      const debit = await admin.json('POST', '/api/admin/fans/o-fan-1/balance', {
        amountFen: -6000,
        reason: '扣减',
      });
      expect(debit.status).toBe(409);
      expect((await json<Problem>(debit)).code).toBe('INSUFFICIENT_BALANCE');
      const ok = await admin.json('POST', '/api/admin/fans/o-fan-1/balance', {
        amountFen: -5000,
        reason: '扣减',
      });
      expect(await json(ok)).toMatchObject({
        balanceFen: 0,
        entry: { kind: 'adjustment', amountFen: -5000 },
      });
      expect(await balanceOf(fan)).toBe(0);
    });

    it.each([0, 1.5, '100', null, 2 ** 53])('refuses balance amount %j with 400', async (amountFen) => {
      const response = await admin.json('POST', '/api/admin/fans/o-fan-1/balance', {
        amountFen,
        reason: '测试',
      });
      expect(response.status).toBe(400);
      expect((await json<Problem>(response)).errors![0]!.path).toBe('amountFen');
    });

    it('is 404 for an unknown fan and 400 without a reason', async () => {
      expect((await topUp('o-nobody', 100)).status).toBe(404);
      const response = await admin.json('POST', '/api/admin/fans/o-fan-1/balance', { amountFen: 100 });
      expect((await json<Problem>(response)).errors![0]!.path).toBe('reason');
    });

    it('needs a staff session and the CSRF token', async () => {
      expect((await t.request('/api/admin/orders')).status).toBe(401);
      const noCsrf = await t.request('/api/admin/fans/o-fan-1/balance', {
        method: 'POST',
        headers: { cookie: admin.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ amountFen: 100, reason: 'x' }),
      });
      expect(noCsrf.status).toBe(403);
    });
  });

  describe('another fan', () => {
    it('cannot see, pay or cancel my order (404), nor list it', async () => {
      const order = await placeOk(fan, [{ skuId: lipstick, quantity: 1 }]);
      const other = await signInFan(t, 'o-fan-2');
      await topUp('o-fan-2', 100000);
      expect((await other.request(`/api/shop/orders/${order.id}`)).status).toBe(404);
      expect(
        (await other.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' })).status,
      ).toBe(404);
      expect((await other.json('POST', `/api/shop/orders/${order.id}/cancel`)).status).toBe(404);
      const list = await json<{ items: unknown[] }>(await other.request('/api/shop/orders'));
      expect(list.items).toEqual([]);
      const ledger = await json<{ items: unknown[] }>(await fan.request('/api/shop/balance/transactions'));
      expect(ledger.items).toEqual([]);
      expect((await json<OrderBody>(await fan.request(`/api/shop/orders/${order.id}`))).status).toBe(
        'pending_payment',
      );
    });

    it('needs a session for every fan route', async () => {
      for (const path of [
        '/api/shop/cart',
        '/api/shop/orders',
        '/api/shop/orders/1',
        '/api/shop/balance/transactions',
      ]) {
        expect((await t.request(path)).status, path).toBe(401);
      }
      const forged = await t.request('/api/shop/orders', {
        headers: { cookie: 'weshop_fan=eyJvIjoibyJ9.AAAA' },
      });
      expect(forged.status).toBe(401);
    });
  });

  describe('cart', () => {
    it('adds, sets and removes lines, priced from the catalog', async () => {
      await fan.json('POST', '/api/shop/cart/items', { skuId: dress.skuM, quantity: 1 });
      const added = await json<{ items: { quantity: number }[]; totalFen: number }>(
        await fan.json('POST', '/api/shop/cart/items', { skuId: dress.skuM, quantity: 2, priceFen: 1 }),
      );
      expect(added.items[0]!.quantity).toBe(3);
      expect(added.totalFen).toBe(3 * 19900);
      const set = await json<{ totalFen: number }>(
        await fan.json('PUT', `/api/shop/cart/items/${dress.skuM}`, { quantity: 1 }),
      );
      expect(set.totalFen).toBe(19900);
      const removed = await json<{ items: unknown[] }>(
        await fan.request(`/api/shop/cart/items/${dress.skuM}`, { method: 'DELETE' }),
      );
      expect(removed.items).toEqual([]);
    });

    it('checks quantities against stock and the per-line limit', async () => {
      const over = await fan.json('POST', '/api/shop/cart/items', { skuId: dress.skuL, quantity: 2 });
      expect(over.status).toBe(409);
      expect(await json<Problem>(over)).toMatchObject({ code: 'OUT_OF_STOCK', available: 1 });
      const bad = await fan.json('PUT', `/api/shop/cart/items/${dress.skuM}`, { quantity: 0 });
      expect(bad.status).toBe(400);
      expect((await fan.json('POST', '/api/shop/cart/items', { skuId: 424242 })).status).toBe(400);
    });
  });
});
