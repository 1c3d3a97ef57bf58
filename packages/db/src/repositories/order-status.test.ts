import { AddressSchema, ProductInputSchema } from '@weshop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import { createProduct } from './catalog.ts';
import { ensureFanId } from './fans.ts';
import { changeOrderStatus } from './order-status.ts';
import { findOrder, insertOrder } from './orders.ts';

const CREATED = new Date('2026-11-22T08:00:00.000Z');
const EXPIRES = '2026-11-22T08:30:00.000Z';
const LATER = '2026-11-22T08:10:00.000Z';

describe.each(testDialects())('changeOrderStatus on %s', (dialect) => {
  let t: TestDatabase;
  let newOrder: () => Promise<number>;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    const fanId = await ensureFanId(t.db, 'o-status');
    const product = await createProduct(
      t.db,
      ProductInputSchema.parse({ title: '茶叶', skus: [{ priceFen: 100, stock: 10 }] }),
    );
    const sku = product.skus[0]!;
    newOrder = async () =>
      (
        await insertOrder(t.db, {
          fanId,
          itemsTotalFen: 100,
          shippingFen: 0,
          totalFen: 100,
          address: AddressSchema.parse({ name: '张三', phone: '13800138000', detail: '某路 1 号' }),
          note: '',
          idempotencyKey: null,
          requestHash: null,
          createdAt: CREATED,
          expiresAt: EXPIRES,
          items: [
            {
              productId: product.id,
              skuId: sku.id,
              title: product.title,
              spec: {},
              image: null,
              priceFen: 100,
              quantity: 1,
              subtotalFen: 100,
            },
          ],
        })
      ).id;
  });
  afterAll(() => t?.close());

  it('writes the fields it is given to their columns with the status', async () => {
    const id = await newOrder();
    const paid = { from: 'pending_payment', to: 'paid', now: LATER, notExpiredAt: LATER } as const;
    expect(
      await changeOrderStatus(t.db, id, { ...paid, fields: { paymentMethod: 'balance', paidAt: LATER } }),
    ).toBe(true);
    expect(
      await changeOrderStatus(t.db, id, {
        from: 'paid',
        to: 'shipped',
        now: LATER,
        fields: { carrier: '顺丰', trackingNo: 'SF1', shippedAt: LATER, cancelReason: undefined },
      }),
    ).toBe(true);
    expect(await findOrder(t.db, id)).toMatchObject({
      status: 'shipped',
      paymentMethod: 'balance',
      paidAt: LATER,
      carrier: '顺丰',
      trackingNo: 'SF1',
      shippedAt: LATER,
      cancelReason: null,
    });
  });

  it('changes nothing when the order is no longer in the status it leaves, or past its deadline', async () => {
    const id = await newOrder();
    const cancel = { from: 'paid', to: 'cancelled', now: LATER, fields: { cancelReason: 'x' } } as const;
    expect(await changeOrderStatus(t.db, id, cancel)).toBe(false);
    const late = { from: 'pending_payment', to: 'paid', now: LATER, notExpiredAt: EXPIRES } as const;
    expect(await changeOrderStatus(t.db, id, late)).toBe(false);
    expect(await findOrder(t.db, id)).toMatchObject({ status: 'pending_payment', cancelReason: null });
  });
});
