/**
 * What keeps one fan from hoarding stock (issue 15): the units held in unpaid orders are capped, and
 * staff may limit how many units of a product one fan buys (限购), across orders and in the cart.
 */
import { findLedgerMismatches } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, loginAsAdmin, signInFan } from '../../testing.ts';
import type { AdminClient, SessionClient, TestApp } from '../../testing.ts';

const ADDRESS = { name: '王小明', phone: '13800138000', detail: '上海市徐汇区漕溪北路 88 号' };

interface Problem {
  code: string;
  status: number;
  errors?: { path: string }[];
  [key: string]: unknown;
}

interface ProductBody {
  id: number;
  purchaseLimit: number | null;
  skus: { id: number }[];
}

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

/** A 409 naming the purchase limit of `productId` (2 in these tests) with what was bought and asked. */
async function expectPurchaseLimitProblem(
  response: Response,
  productId: number,
  units: { alreadyBought: number; requested: number },
) {
  expect(response.status).toBe(409);
  expect(await json<Problem>(response)).toEqual(
    expect.objectContaining({ code: 'PURCHASE_LIMIT_EXCEEDED', productId, limit: 2, ...units }),
  );
}

describe.each(testDialects())('order limits on %s', (dialect) => {
  let t: TestApp;
  let fan: SessionClient;
  let admin: AdminClient;

  beforeEach(async () => {
    t = await createTestApp(dialect, { env: { ORDER_MAX_UNPAID: '3', ORDER_MAX_UNPAID_UNITS: '10' } });
    fan = await signInFan(t, 'o-limit-1');
    admin = await loginAsAdmin(t);
  });

  afterEach(async () => {
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
    await t.close();
  });

  async function newProduct(purchaseLimit?: number | null, stock = 100): Promise<ProductBody> {
    const response = await admin.json('POST', '/api/admin/products', {
      title: '限量款帆布鞋',
      skus: [
        { spec: { 尺码: '38' }, priceFen: 1000, stock },
        { spec: { 尺码: '39' }, priceFen: 1000, stock },
      ],
      ...(purchaseLimit === undefined ? {} : { purchaseLimit }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return json<ProductBody>(response);
  }

  const place = (client: SessionClient, items: { skuId: number; quantity: number }[]) =>
    client.json('POST', '/api/shop/orders', { items, address: ADDRESS });

  async function placeOk(client: SessionClient, items: { skuId: number; quantity: number }[]) {
    const response = await place(client, items);
    expect(response.status, await response.clone().text()).toBe(201);
    return json<{ id: number }>(response);
  }

  const stockOf = async (skuId: number) =>
    (await t.database.db.selectFrom('skus').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow())
      .stock;

  describe('units held in unpaid orders', () => {
    it('refuses the order that would hold more than the cap, with 409 naming the limit', async () => {
      const { skus } = await newProduct();
      const sku = skus[0]!.id;
      await placeOk(fan, [{ skuId: sku, quantity: 4 }]);
      const second = await placeOk(fan, [{ skuId: sku, quantity: 4 }]);
      const refused = await place(fan, [{ skuId: sku, quantity: 3 }]);
      expect(refused.status).toBe(409);
      expect(await json<Problem>(refused)).toMatchObject({
        code: 'UNPAID_UNITS_LIMIT_EXCEEDED',
        limit: 10,
        held: 8,
        requested: 3,
      });
      expect(await stockOf(sku)).toBe(92);
      // Exactly up to the cap is fine; a cancelled order holds nothing any more.
      await placeOk(fan, [{ skuId: sku, quantity: 2 }]);
      expect((await fan.json('POST', `/api/shop/orders/${second.id}/cancel`)).status).toBe(200);
      await placeOk(fan, [{ skuId: skus[1]!.id, quantity: 4 }]);
      // Another fan has a cap of their own.
      await placeOk(await signInFan(t, 'o-limit-2'), [{ skuId: sku, quantity: 10 }]);
    });

    it('counts every line of the order against the cap', async () => {
      const { skus } = await newProduct();
      const response = await place(fan, [
        { skuId: skus[0]!.id, quantity: 6 },
        { skuId: skus[1]!.id, quantity: 5 },
      ]);
      expect(response.status).toBe(409);
      expect(await json<Problem>(response)).toMatchObject({ held: 0, requested: 11 });
    });

    it('lets no concurrent orders of one fan slip under the cap together', async () => {
      const { skus } = await newProduct();
      const sku = skus[0]!.id;
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => place(fan, [{ skuId: sku, quantity: 4 }])),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(2);
      expect(statuses.filter((status) => status === 409)).toHaveLength(8);
      expect(await stockOf(sku)).toBe(92);
    });

    it('lets no concurrent orders of one fan pass the unpaid-orders cap together', async () => {
      const { skus } = await newProduct();
      const sku = skus[0]!.id;
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => place(fan, [{ skuId: sku, quantity: 1 }])),
      );
      expect(responses.filter((response) => response.status === 201)).toHaveLength(3);
      expect(await stockOf(sku)).toBe(97);
    });
  });

  describe('purchase limits (限购)', () => {
    it('are set by staff and shown with the product', async () => {
      const product = await newProduct(2);
      expect(product.purchaseLimit).toBe(2);
      const shown = await json<ProductBody>(await fan.request(`/api/shop/products/${product.id}`));
      expect(shown.purchaseLimit).toBe(2);
      const forStaff = await json<ProductBody>(await admin.request(`/api/admin/products/${product.id}`));
      expect(forStaff.purchaseLimit).toBe(2);
      const changed = await admin.json('PUT', `/api/admin/products/${product.id}/purchase-limit`, {
        purchaseLimit: 5,
      });
      expect(changed.status).toBe(200);
      expect((await json<ProductBody>(changed)).purchaseLimit).toBe(5);
      const cleared = await admin.json('PUT', `/api/admin/products/${product.id}/purchase-limit`, {
        purchaseLimit: null,
      });
      expect((await json<ProductBody>(cleared)).purchaseLimit).toBeNull();
      expect((await newProduct()).purchaseLimit).toBeNull();
      // Only staff set it, and only on a product that exists.
      const asFan = await fan.json('PUT', `/api/admin/products/${product.id}/purchase-limit`, {
        purchaseLimit: 1,
      });
      expect(asFan.status).toBe(401);
      const unknown = await admin.json('PUT', '/api/admin/products/424242/purchase-limit', {
        purchaseLimit: 1,
      });
      expect(unknown.status).toBe(404);
      expect(await json<Problem>(unknown)).toMatchObject({ code: 'NOT_FOUND' });
    });

    it.each([0, -1, 1.5, '2', 100_000])(
      'refuses purchase limit %j with 400 naming the field',
      async (bad) => {
        const created = await admin.json('POST', '/api/admin/products', {
          title: '帆布鞋',
          skus: [{ priceFen: 1000, stock: 1 }],
          purchaseLimit: bad,
        });
        expect(created.status).toBe(400);
        expect((await json<Problem>(created)).errors![0]!.path).toBe('purchaseLimit');
        const product = await newProduct();
        const set = await admin.json('PUT', `/api/admin/products/${product.id}/purchase-limit`, {
          purchaseLimit: bad,
        });
        expect(set.status).toBe(400);
        expect((await json<Problem>(set)).errors![0]!.path).toBe('purchaseLimit');
      },
    );

    it('refuses the unit past the limit across orders and SKUs, with 409 naming the limit', async () => {
      const { id, skus } = await newProduct(2);
      const first = await placeOk(fan, [{ skuId: skus[0]!.id, quantity: 1 }]);
      // Paid orders count too.
      await admin.json('POST', '/api/admin/fans/o-limit-1/balance', { amountFen: 1000, reason: '充值' });
      expect((await fan.json('POST', `/api/shop/orders/${first.id}/pay`, { method: 'balance' })).status).toBe(
        200,
      );
      await placeOk(fan, [{ skuId: skus[1]!.id, quantity: 1 }]);
      const refused = await place(fan, [{ skuId: skus[0]!.id, quantity: 1 }]);
      await expectPurchaseLimitProblem(refused, id, { alreadyBought: 2, requested: 1 });
      expect(await stockOf(skus[0]!.id)).toBe(99);
      // Another fan has their own two.
      await placeOk(await signInFan(t, 'o-limit-2'), [{ skuId: skus[0]!.id, quantity: 2 }]);
    });

    it('sums the lines of one order, and cancelled orders do not count', async () => {
      const { id, skus } = await newProduct(2);
      const both = await place(fan, [
        { skuId: skus[0]!.id, quantity: 2 },
        { skuId: skus[1]!.id, quantity: 1 },
      ]);
      await expectPurchaseLimitProblem(both, id, { alreadyBought: 0, requested: 3 });
      const order = await placeOk(fan, [{ skuId: skus[0]!.id, quantity: 2 }]);
      expect((await fan.json('POST', `/api/shop/orders/${order.id}/cancel`)).status).toBe(200);
      await placeOk(fan, [{ skuId: skus[1]!.id, quantity: 2 }]);
    });

    it('lets no concurrent orders of one fan pass the limit together', async () => {
      const { skus } = await newProduct(2);
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => place(fan, [{ skuId: skus[i % 2]!.id, quantity: 1 }])),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(2);
      expect(statuses.filter((status) => status === 409)).toHaveLength(8);
    });

    it('caps the cart: its units of the product and what was bought stay within the limit', async () => {
      const { id, skus } = await newProduct(2);
      const add = (skuId: number, quantity: number) =>
        fan.json('POST', '/api/shop/cart/items', { skuId, quantity });
      expect((await add(skus[0]!.id, 1)).status).toBe(200);
      await expectPurchaseLimitProblem(await add(skus[1]!.id, 2), id, { alreadyBought: 0, requested: 3 });
      const set = await fan.json('PUT', `/api/shop/cart/items/${skus[0]!.id}`, { quantity: 3 });
      expect(set.status).toBe(409);
      expect((await add(skus[0]!.id, 1)).status).toBe(200);
      await placeOk(fan, [{ skuId: skus[0]!.id, quantity: 2 }]);
      await expectPurchaseLimitProblem(await add(skus[1]!.id, 1), id, { alreadyBought: 2, requested: 1 });
    });
  });
});
