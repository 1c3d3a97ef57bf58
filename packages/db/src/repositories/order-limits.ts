/**
 * What placing an order (and filling a cart) counts to keep one fan from hoarding stock: their unpaid
 * orders and the units those hold, what they bought of a product (for its purchase limit, 限购), and
 * the lock that makes a fan's orders take turns while these are counted. The rules themselves are
 * core's (order/limits.ts).
 */
import { PURCHASE_LIMIT_STATUSES } from '@weshop/core';
import { dialectOf } from '../dialect.ts';
import { runCompiled } from '../sqlite/compiled-query.ts';
import type { Executor } from '../transaction.ts';

/**
 * Makes the fan's order placements take turns until the caller's transaction ends, so that what
 * they count (unpaid orders and units, units bought of a product) cannot change under them: two
 * concurrent orders of one fan never both slip under a cap. On PostgreSQL it locks the fan's row
 * (`FOR NO KEY UPDATE`, which does not block rows that merely reference the fan, such as a ledger
 * entry or a cart line) and must be the transaction's first lock (lock order: the fan, orders, SKUs
 * by id, balance accounts, products). Under READ COMMITTED each later statement sees what the
 * previous holder committed, so count after this call, in another statement. On SQLite every
 * transaction already holds the database's one write lock (BEGIN IMMEDIATE, or one group-commit unit
 * after another): nothing to do.
 */
export async function lockFanOrders(trx: Executor, fanId: number): Promise<void> {
  if (!trx.isTransaction) throw new Error('lockFanOrders needs a transaction');
  if (dialectOf(trx) !== 'postgres') return;
  await runCompiled(trx, 'lock fan for orders', [fanId], ([id]) =>
    trx.selectFrom('fans').select('id').where('id', '=', id).forNoKeyUpdate(),
  );
}

/**
 * What placing an order checks first, in one statement: the fan's unpaid orders and the units they
 * hold, and the id of the order an Idempotency-Key already made (null without a key or when it is new).
 */
export async function checkNewOrder(
  db: Executor,
  fanId: number,
  idempotencyKey: string | null,
): Promise<{ unpaid: number; unpaidUnits: number; existingId: number | null }> {
  const { rows } = await runCompiled(
    db,
    'unpaid orders, their units and idempotency key',
    [fanId, idempotencyKey ?? ''] as const,
    ([fan, key]) =>
      db.selectNoFrom((eb) => [
        eb
          .selectFrom('orders')
          .select((inner) => inner.fn.countAll<number>().as('n'))
          .where('fan_id', '=', fan)
          .where('status', '=', 'pending_payment')
          .as('unpaid'),
        eb
          .selectFrom('orders as o')
          .innerJoin('order_items as i', 'i.order_id', 'o.id')
          .select((inner) => inner.fn.sum<number>('i.quantity').as('units'))
          .where('o.fan_id', '=', fan)
          .where('o.status', '=', 'pending_payment')
          .as('unpaid_units'),
        eb
          .selectFrom('orders')
          .select('id')
          .where('fan_id', '=', fan)
          .where('idempotency_key', '=', key)
          .as('existing_id'),
      ]),
  );
  const row = rows[0]!;
  return {
    unpaid: Number(row.unpaid),
    unpaidUnits: Number(row.unpaid_units ?? 0),
    existingId: idempotencyKey === null || row.existing_id === null ? null : Number(row.existing_id),
  };
}

/**
 * Units of each product the fan bought in orders that count against a purchase limit
 * (PURCHASE_LIMIT_STATUSES: not cancelled, not refunded); products without any are absent.
 */
export async function countBoughtUnits(
  db: Executor,
  fanId: number,
  productIds: readonly number[],
): Promise<Map<number, number>> {
  if (productIds.length === 0) return new Map();
  const { rows } = await runCompiled(
    db,
    `units bought of ${productIds.length} products`,
    [fanId, ...productIds],
    ([fan, ...products]) =>
      db
        .selectFrom('orders as o')
        .innerJoin('order_items as i', 'i.order_id', 'o.id')
        .select(['i.product_id', (eb) => eb.fn.sum<number>('i.quantity').as('units')])
        .where('o.fan_id', '=', fan)
        .where('o.status', 'in', PURCHASE_LIMIT_STATUSES)
        .where('i.product_id', 'in', products)
        .groupBy('i.product_id'),
  );
  return new Map(rows.map((row) => [row.product_id, Number(row.units)]));
}

/** Sets (or with null removes) a live product's purchase limit; false when there is no such product. */
export async function setPurchaseLimit(
  db: Executor,
  productId: number,
  limit: number | null,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('products')
    .set({ purchase_limit: limit, updated_at: now })
    .where('id', '=', productId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
