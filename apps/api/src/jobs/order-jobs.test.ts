import { ProductInputSchema } from '@weshop/core';
import { createProduct } from '@weshop/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, signInFan } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { createOrderJobs } from './order-jobs.ts';

describe('order jobs', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
  });
  afterEach(() => t.close());

  it('cancels expired unpaid orders on its timer and stops cleanly', async () => {
    const T0 = new Date('2026-11-22T01:00:00.000Z');
    t.setNow(T0);
    const skuId = (
      await createProduct(
        t.database.db,
        ProductInputSchema.parse({ title: '围巾', skus: [{ priceFen: 100, stock: 2 }] }),
      )
    ).skus[0]!.id;
    const fan = await signInFan(t, 'o-jobs');
    const created = await fan.json('POST', '/api/shop/orders', {
      items: [{ skuId, quantity: 2 }],
      address: { name: '张三', phone: '13600001111', detail: '杭州市西湖区文三路 1 号' },
    });
    const { id } = (await created.json()) as { id: number };
    const jobs = createOrderJobs(t.deps, 5);
    expect(await jobs.runOnce()).toEqual({ expired: 0, completed: 0 });
    t.setNow(new Date(T0.getTime() + 31 * 60_000));
    jobs.start();
    await expect
      .poll(
        async () =>
          (await t.database.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirst())
            ?.status,
      )
      .toBe('cancelled');
    await jobs.stop();
    const { stock } = await t.database.db
      .selectFrom('skus')
      .select('stock')
      .where('id', '=', skuId)
      .executeTakeFirstOrThrow();
    expect(stock).toBe(2);
  });
});
