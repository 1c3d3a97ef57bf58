/**
 * The races issue 5 must win, on SQLite and PostgreSQL: many buyers for a little stock, many payments
 * against a balance that covers a few. Each trial starts N requests at once through the real app and
 * counts outcomes, then checks the invariants in the database.
 */
import { ProductInputSchema } from '@weshop/core';
import { createProduct, findLedgerMismatches } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { createTestApp, loginAsAdmin, signInFan } from '@weshop/api/testing';
import type { AdminClient, SessionClient, TestApp } from '@weshop/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADDRESS = { name: '李雷', phone: '13912345678', detail: '北京市海淀区中关村大街 1 号' };
const TRIALS = Number(process.env.RACE_TRIALS ?? 20);

describe.each(testDialects())('commerce races on %s', (dialect) => {
  let t: TestApp;
  let admin: AdminClient;
  const buyers: SessionClient[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { ORDER_MAX_UNPAID: '100' } });
    admin = await loginAsAdmin(t);
    for (let i = 0; i < 50; i++) buyers.push(await signInFan(t, `o-racer-${i}`));
  });
  afterAll(() => t.close());

  async function newSku(stock: number, priceFen = 1000): Promise<number> {
    const product = await createProduct(
      t.database.db,
      ProductInputSchema.parse({ title: '限量款连衣裙', skus: [{ priceFen, stock }] }),
    );
    return product.skus[0]!.id;
  }

  const stockOf = async (skuId: number) =>
    (await t.database.db.selectFrom('skus').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow())
      .stock;

  it(`sells exactly the stock to 50 concurrent buyers (${TRIALS} trials, stock 5, and stock 1)`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const stock = trial % 2 === 0 ? 5 : 1;
      const skuId = await newSku(stock);
      const responses = await Promise.all(
        buyers.map((buyer) =>
          buyer.json('POST', '/api/shop/orders', { items: [{ skuId, quantity: 1 }], address: ADDRESS }),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(stock);
      expect(statuses.filter((status) => status === 409)).toHaveLength(50 - stock);
      expect(await stockOf(skuId)).toBe(0);
      const { n } = await t.database.db
        .selectFrom('order_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sku_id', '=', skuId)
        .executeTakeFirstOrThrow();
      expect(Number(n)).toBe(stock);
    }
  });

  it(`pays exactly what a balance covers when 20 payments race (${TRIALS} trials)`, async () => {
    const skuId = await newSku(100_000, 1000);
    for (let trial = 0; trial < TRIALS; trial++) {
      const payer = buyers[trial % buyers.length]!;
      const openid = `o-racer-${trial % buyers.length}`;
      const orders: number[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await payer.json('POST', '/api/shop/orders', {
          items: [{ skuId, quantity: 1 }],
          address: ADDRESS,
        });
        orders.push(((await response.json()) as { id: number }).id);
      }
      const top = await admin.json('POST', `/api/admin/fans/${openid}/balance`, {
        amountFen: 3000,
        reason: '测试充值',
      });
      const before = ((await top.json()) as { balanceFen: number }).balanceFen;
      const covers = Math.floor(before / 1000);
      const results = await Promise.all(
        orders.map((id) => payer.json('POST', `/api/shop/orders/${id}/pay`, { method: 'balance' })),
      );
      const statuses = results.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(Math.min(covers, 20));
      expect(statuses.filter((status) => status === 409)).toHaveLength(20 - Math.min(covers, 20));
      const me = (await (await payer.request('/api/shop/me')).json()) as { balanceFen: number };
      expect(me.balanceFen).toBe(before - Math.min(covers, 20) * 1000);
      expect(me.balanceFen).toBeGreaterThanOrEqual(0);
      // Leave no unpaid orders behind for the next trial's cap.
      for (const id of orders) await payer.json('POST', `/api/shop/orders/${id}/cancel`);
    }
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
  });
});
