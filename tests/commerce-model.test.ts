/**
 * Property-based tests of the commerce core (fast-check), on SQLite and PostgreSQL, through the same
 * use-case functions the routes call:
 *
 * 1. Model run: random sequences of top-ups, debits, orders, payments, cancellations, refunds,
 *    shipments, restocks and expiries. Every outcome must match a plain in-memory model (so every
 *    state change is legal and every refusal is the right one), and after every step the invariants
 *    hold: each balance equals its ledger sum and is ≥ 0; per SKU, available stock + quantity held by
 *    unpaid, paid, shipped and completed orders = initial stock + restocks.
 * 2. Interleavings: random batches of the same operations started all at once; outcomes may be
 *    either, the invariants may not break.
 */
import { DomainError, ProductInputSchema } from '@weshop/core';
import type { PlaceOrderInput } from '@weshop/core';
import { adjustStock, createProduct, findLedgerMismatches, recordSubscribe } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { adjustBalance } from '@weshop/api/services/balance';
import {
  cancelOrder,
  expireUnpaidOrders,
  payWithBalance,
  placeOrder,
  refundOrder,
  shipOrder,
} from '@weshop/api/services/orders';
import { createTestApp } from '@weshop/api/testing';
import type { TestApp } from '@weshop/api/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADDRESS = {
  name: '韩梅梅',
  phone: '13700001111',
  province: '',
  city: '',
  district: '',
  detail: '广州市天河区体育西路 2 号',
};
const STAFF = { username: 'owner' };
const MAX_UNPAID = 3;
const FANS = 2;
const SKUS = 2;

type Status = 'pending_payment' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunded';
const HOLDS_STOCK: readonly Status[] = ['pending_payment', 'paid', 'shipped', 'completed'];

interface World {
  fans: { id: number; openid: string }[];
  skus: { id: number; priceFen: number }[];
  /** Initial stock + successful restocks − write-offs, per SKU. */
  supplied: number[];
}

interface Model {
  balance: number[];
  stock: number[];
  orders: {
    id: number;
    fan: number;
    sku: number;
    quantity: number;
    total: number;
    status: Status;
    expired: boolean;
  }[];
}

type Op =
  | { kind: 'topup'; fan: number; amount: number }
  | { kind: 'debit'; fan: number; amount: number }
  | { kind: 'place'; fan: number; sku: number; quantity: number }
  | { kind: 'pay' | 'cancel' | 'refund' | 'ship'; order: number }
  | { kind: 'restock'; sku: number; delta: number }
  | { kind: 'expire' };

const fanArb = fc.nat(FANS - 1);
const orderArb = fc.nat(20);
/** Weighted so that orders get paid, shipped, cancelled and refunded often within a short run. */
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('topup' as const),
      fan: fanArb,
      amount: fc.integer({ min: 1, max: 20_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('debit' as const),
      fan: fanArb,
      amount: fc.integer({ min: 1, max: 20_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      fan: fanArb,
      sku: fc.nat(SKUS - 1),
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('pay' as const), order: orderArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), order: orderArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), order: orderArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ship' as const), order: orderArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('restock' as const),
      sku: fc.nat(SKUS - 1),
      delta: fc.integer({ min: -3, max: 5 }).filter((d) => d !== 0),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
);

/** The error code of a refusal, or 'ok'. Anything that is not a DomainError fails the property. */
async function outcome(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe.each(testDialects())('commerce properties on %s', (dialect) => {
  let t: TestApp;
  let clock: number;
  let run = 0;
  const numRuns = dialect === 'sqlite' ? 100 : 25;

  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { ORDER_MAX_UNPAID: String(MAX_UNPAID) } });
    clock = Date.parse('2026-11-22T00:00:00.000Z');
    t.setNow(new Date(clock));
  });
  afterAll(() => t.close());

  async function newWorld(initialStock: number[]): Promise<World> {
    run++;
    const fans = [];
    for (let i = 0; i < FANS; i++) {
      const openid = `o-prop-${run}-${i}`;
      await recordSubscribe(t.database.db, { openid, scene: null });
      const row = await t.database.db
        .selectFrom('fans')
        .select('id')
        .where('openid', '=', openid)
        .executeTakeFirstOrThrow();
      fans.push({ id: row.id, openid });
    }
    const skus = [];
    for (let i = 0; i < SKUS; i++) {
      const priceFen = 990 + i * 1500;
      const product = await createProduct(
        t.database.db,
        ProductInputSchema.parse({
          title: `属性测试商品 ${run}-${i}`,
          skus: [{ priceFen, stock: initialStock[i] }],
        }),
      );
      skus.push({ id: product.skus[0]!.id, priceFen });
    }
    return { fans, skus, supplied: [...initialStock] };
  }

  /** Runs one operation against the app; returns its outcome ('ok' or an error code). */
  async function apply(world: World, op: Op, orderIds: number[]): Promise<string> {
    const deps = t.deps;
    const at = () => deps.now().toISOString();
    const orderId = 'order' in op ? orderIds[op.order % Math.max(orderIds.length, 1)] : undefined;
    switch (op.kind) {
      case 'topup':
      case 'debit': {
        const fan = world.fans[op.fan]!;
        const amountFen = op.kind === 'topup' ? op.amount : -op.amount;
        return outcome(() =>
          adjustBalance(deps, STAFF, fan.openid, { amountFen, reason: '属性测试' }, crypto.randomUUID()),
        );
      }
      case 'place': {
        const fan = world.fans[op.fan]!;
        const input: PlaceOrderInput = {
          items: [{ skuId: world.skus[op.sku]!.id, quantity: op.quantity }],
          address: ADDRESS,
          note: '',
        };
        return outcome(async () => {
          const { order } = await placeOrder(deps, { fanId: fan.id, snapshot: false }, input, null);
          orderIds.push(order.id);
        });
      }
      case 'restock':
        return outcome(async () => {
          await adjustStock(deps.db, world.skus[op.sku]!.id, op.delta, at());
          world.supplied[op.sku]! += op.delta;
        });
      case 'expire':
        clock += 31 * 60_000;
        t.setNow(new Date(clock));
        return outcome(() => expireUnpaidOrders(deps, 1000));
      default: {
        if (orderId === undefined) return 'no_order';
        const row = await t.database.db
          .selectFrom('orders')
          .select('fan_id')
          .where('id', '=', orderId)
          .executeTakeFirstOrThrow();
        const fan = world.fans.find((f) => f.id === row.fan_id)!;
        const me = { fanId: fan.id, openid: fan.openid };
        if (op.kind === 'pay') return outcome(() => payWithBalance(deps, me, orderId));
        if (op.kind === 'cancel')
          return outcome(() => cancelOrder(deps, { actor: 'fan', ...me }, orderId, ''));
        if (op.kind === 'refund') return outcome(() => refundOrder(deps, STAFF, orderId));
        return outcome(() => shipOrder(deps, STAFF, orderId, { carrier: '顺丰', trackingNo: 'SF0001' }));
      }
    }
  }

  /** What the model says must happen, and the model after it. */
  function expectOutcome(model: Model, world: World, op: Op): string {
    const unpaid = (fan: number) =>
      model.orders.filter((o) => o.fan === fan && o.status === 'pending_payment').length;
    switch (op.kind) {
      case 'topup':
        model.balance[op.fan]! += op.amount;
        return 'ok';
      case 'debit':
        if (model.balance[op.fan]! < op.amount) return 'INSUFFICIENT_BALANCE';
        model.balance[op.fan]! -= op.amount;
        return 'ok';
      case 'place': {
        if (unpaid(op.fan) >= MAX_UNPAID) return 'LIMIT_EXCEEDED';
        if (model.stock[op.sku]! < op.quantity) return 'OUT_OF_STOCK';
        model.stock[op.sku]! -= op.quantity;
        const total = world.skus[op.sku]!.priceFen * op.quantity;
        model.orders.push({
          id: -1,
          fan: op.fan,
          sku: op.sku,
          quantity: op.quantity,
          total,
          status: 'pending_payment',
          expired: false,
        });
        return 'ok';
      }
      case 'restock':
        if (model.stock[op.sku]! + op.delta < 0) return 'OUT_OF_STOCK';
        model.stock[op.sku]! += op.delta;
        return 'ok';
      case 'expire':
        for (const order of model.orders) {
          if (order.status === 'pending_payment') {
            order.status = 'cancelled';
            model.stock[order.sku]! += order.quantity;
          }
        }
        return 'ok';
      default: {
        if (model.orders.length === 0) return 'no_order';
        const order = model.orders[op.order % model.orders.length]!;
        if (op.kind === 'pay') {
          if (order.status === 'paid') return 'ok'; // a second click answers the paid order
          if (order.status !== 'pending_payment') return 'ORDER_STATE_INVALID';
          if (model.balance[order.fan]! < order.total) return 'INSUFFICIENT_BALANCE';
          model.balance[order.fan]! -= order.total;
          order.status = 'paid';
          return 'ok';
        }
        if (op.kind === 'cancel' || op.kind === 'refund') {
          const allowed = op.kind === 'cancel' ? ['pending_payment', 'paid'] : ['paid'];
          if (!allowed.includes(order.status)) return 'ORDER_STATE_INVALID';
          if (order.status === 'paid') model.balance[order.fan]! += order.total;
          model.stock[order.sku]! += order.quantity;
          order.status = op.kind === 'cancel' ? 'cancelled' : 'refunded';
          return 'ok';
        }
        if (order.status !== 'paid') return 'ORDER_STATE_INVALID';
        order.status = 'shipped';
        return 'ok';
      }
    }
  }

  async function checkInvariants(world: World): Promise<void> {
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
    const negative = await t.database.db
      .selectFrom('balance_accounts')
      .select('fan_id')
      .where('balance_fen', '<', 0)
      .execute();
    expect(negative).toEqual([]);
    for (const [index, sku] of world.skus.entries()) {
      const { stock } = await t.database.db
        .selectFrom('skus')
        .select('stock')
        .where('id', '=', sku.id)
        .executeTakeFirstOrThrow();
      const held = await t.database.db
        .selectFrom('order_items as i')
        .innerJoin('orders as o', 'o.id', 'i.order_id')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('i.quantity'), eb.lit(0)).as('n'))
        .where('i.sku_id', '=', sku.id)
        .where('o.status', 'in', [...HOLDS_STOCK])
        .executeTakeFirstOrThrow();
      expect(stock).toBeGreaterThanOrEqual(0);
      expect(stock + Number(held.n)).toBe(world.supplied[index]);
    }
  }

  const balanceOf = async (fanId: number) =>
    Number(
      (
        await t.database.db
          .selectFrom('balance_accounts')
          .select('balance_fen')
          .where('fan_id', '=', fanId)
          .executeTakeFirst()
      )?.balance_fen ?? 0,
    );

  it('matches the model and keeps the invariants over random sequences', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(5), { minLength: SKUS, maxLength: SKUS }),
        fc.array(opArb, { minLength: 5, maxLength: 40 }),
        async (initial, ops) => {
          const world = await newWorld(initial);
          const model: Model = { balance: Array(FANS).fill(0), stock: [...initial], orders: [] };
          const orderIds: number[] = [];
          for (const op of ops) {
            const expected = expectOutcome(model, world, op);
            const actual = await apply(world, op, orderIds);
            expect(actual, JSON.stringify(op)).toBe(expected);
            await checkInvariants(world);
            for (const [i, fan] of world.fans.entries())
              expect(await balanceOf(fan.id)).toBe(model.balance[i]);
            const statuses = await t.database.db
              .selectFrom('orders')
              .select(['id', 'status'])
              .where('id', 'in', orderIds.length ? orderIds : [0])
              .orderBy('id')
              .execute();
            expect(statuses.map((row) => row.status)).toEqual(model.orders.map((order) => order.status));
          }
        },
      ),
      { numRuns },
    );
  });

  it('keeps the invariants when random operations run concurrently', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(6), { minLength: SKUS, maxLength: SKUS }),
        fc.array(fc.array(opArb, { minLength: 2, maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        async (initial, batches) => {
          const world = await newWorld(initial);
          const orderIds: number[] = [];
          for (const fan of world.fans) {
            await adjustBalance(
              t.deps,
              STAFF,
              fan.openid,
              { amountFen: 20_000, reason: '初始余额' },
              crypto.randomUUID(),
            );
          }
          for (const batch of batches) {
            // Start a batch's operations together; each may win or lose its race, none may break a rule.
            await Promise.all(batch.map((op) => apply(world, op, orderIds)));
            await checkInvariants(world);
          }
        },
      ),
      { numRuns },
    );
  });
});
