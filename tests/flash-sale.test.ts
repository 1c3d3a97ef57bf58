/**
 * A flash sale (issue 15): 100 units of one product among 1,000 fans, each asking for several units,
 * some coming back for more, with a purchase limit (限购) of 2. It must end with many buyers, not a
 * few: never oversold, nobody past the limit, and every refusal a 409 that names the limit it hit.
 * Run through the real app on SQLite and PostgreSQL.
 */
import { testDialects } from '@weshop/db/testing';
import { createTestApp, loginAsAdmin, signInFan } from '@weshop/api/testing';
import type { SessionClient, TestApp } from '@weshop/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADDRESS = { name: '韩梅梅', phone: '13712345678', detail: '广州市天河区体育西路 1 号' };
const FANS = 1000;
const STOCK_PER_SKU = 50;
const LIMIT = 2;
/**
 * Requests in flight at once: ten times the PostgreSQL pool. (All 1,000 at once is a test of the
 * pool, not of the sale: past its 5 s wait for a connection the request fails.)
 */
const IN_FLIGHT = 100;

/** Runs every task, `limit` at a time, and returns their results in order. */
async function inFlight<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

interface Outcome {
  fan: number;
  status: number;
  body: { code?: string; limit?: number; available?: number; items?: { quantity: number }[] };
}

describe.each(testDialects())('a flash sale on %s', (dialect) => {
  let t: TestApp;
  const fans: SessionClient[] = [];
  let skus: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const admin = await loginAsAdmin(t);
    const created = await admin.json('POST', '/api/admin/products', {
      title: '秒杀款羊毛围巾',
      purchaseLimit: LIMIT,
      skus: [
        { spec: { 颜色: '驼色' }, priceFen: 9900, stock: STOCK_PER_SKU },
        { spec: { 颜色: '黑色' }, priceFen: 9900, stock: STOCK_PER_SKU },
      ],
    });
    skus = ((await created.json()) as { skus: { id: number }[] }).skus.map((sku) => sku.id);
    for (let i = 0; i < FANS; i++) fans.push(await signInFan(t, `o-flash-${i}`));
  }, 180_000);
  afterAll(() => t.close());

  async function buy(fan: number, skuId: number, quantity: number): Promise<Outcome> {
    const response = await fans[fan]!.json('POST', '/api/shop/orders', {
      items: [{ skuId, quantity }],
      address: ADDRESS,
    });
    return { fan, status: response.status, body: (await response.json()) as Outcome['body'] };
  }

  it('sells the 100 units to at least 50 fans, never past stock or limit', async () => {
    // Everyone asks for 1 to 4 units of one colour; a third come back for two more of the other.
    const attempts = [
      ...Array.from({ length: FANS }, (_, fan) => () => buy(fan, skus[fan % 2]!, 1 + (fan % 4))),
      ...Array.from({ length: Math.ceil(FANS / 3) }, (_, i) => () => buy(i * 3, skus[(i * 3 + 1) % 2]!, 2)),
    ];
    const outcomes = await inFlight(attempts, IN_FLIGHT);

    for (const { status, body } of outcomes) {
      if (status === 201) continue;
      expect(status).toBe(409);
      if (body.code === 'PURCHASE_LIMIT_EXCEEDED') expect(body.limit).toBe(LIMIT);
      else expect(body).toMatchObject({ code: 'OUT_OF_STOCK', available: expect.any(Number) });
    }
    const bought = new Map<number, number>();
    for (const { fan, status, body } of outcomes) {
      if (status !== 201) continue;
      bought.set(fan, (bought.get(fan) ?? 0) + body.items!.reduce((units, item) => units + item.quantity, 0));
    }
    const sold = [...bought.values()].reduce((a, b) => a + b, 0);
    const rows = await t.database.db.selectFrom('skus').select('stock').where('id', 'in', skus).execute();
    const left = rows.reduce((units, row) => units + row.stock, 0);

    expect(sold + left).toBe(2 * STOCK_PER_SKU);
    expect(left).toBeGreaterThanOrEqual(0);
    expect(Math.max(...bought.values())).toBeLessThanOrEqual(LIMIT);
    expect(bought.size).toBeGreaterThanOrEqual(50);
    // Demand is ten times the stock: it sells out.
    expect(left).toBe(0);
    const { units } = await t.database.db
      .selectFrom('order_items')
      .select((eb) => eb.fn.sum<number>('quantity').as('units'))
      .where('sku_id', 'in', skus)
      .executeTakeFirstOrThrow();
    expect(Number(units)).toBe(sold);
    expect(outcomes.filter(({ body }) => body.code === 'PURCHASE_LIMIT_EXCEEDED').length).toBeGreaterThan(0);
  });
});
