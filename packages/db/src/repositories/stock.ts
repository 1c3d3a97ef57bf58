/**
 * SKU stock. It changes only through these conditional statements: a reservation takes stock only if
 * there is enough, a release gives it back, a staff restock is a delta (never "set to N", which would
 * lose the reservations made meanwhile; docs/architecture.md#stock-guard). CHECK (stock >= 0) stands behind.
 */
import { DomainError } from '@weshop/core';
import type { Executor } from '../transaction.ts';
import { affectedRows, runCompiled } from '../sqlite/compiled-query.ts';

/** Takes `quantity` from the SKU's stock if it has that many; false (nothing changed) otherwise. */
export async function reserveStock(
  db: Executor,
  skuId: number,
  quantity: number,
  now: string,
): Promise<boolean> {
  const result = await runCompiled(db, 'reserve stock', [quantity, now, skuId], ([take, at, id]) =>
    db
      .updateTable('skus')
      .set((eb) => ({ stock: eb('stock', '-', take), updated_at: at }))
      .where('id', '=', id)
      .where('stock', '>=', take)
      .where('deleted_at', 'is', null),
  );
  return affectedRows(result) === 1;
}

/** Gives an order's quantities back to stock (cancel, expiry, refund), SKUs in id order. */
export async function releaseStock(
  db: Executor,
  items: readonly { skuId: number; quantity: number }[],
  now: string,
): Promise<void> {
  for (const item of [...items].sort((a, b) => a.skuId - b.skuId)) {
    await db
      .updateTable('skus')
      .set((eb) => ({ stock: eb('stock', '+', item.quantity), updated_at: now }))
      .where('id', '=', item.skuId)
      .execute();
  }
}

/**
 * Staff restock (positive) or write-off (negative) by `delta`; the new stock. A write-off below zero
 * is OUT_OF_STOCK with what is available; an unknown or deleted SKU is NOT_FOUND.
 */
export async function adjustStock(db: Executor, skuId: number, delta: number, now: string): Promise<number> {
  const updated = await db
    .updateTable('skus')
    .set((eb) => ({ stock: eb('stock', '+', delta), updated_at: now }))
    .where('id', '=', skuId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb(eb('stock', '+', delta), '>=', 0))
    .returning('stock')
    .executeTakeFirst();
  if (updated) return updated.stock;
  const sku = await db
    .selectFrom('skus')
    .select('stock')
    .where('id', '=', skuId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!sku) throw new DomainError('NOT_FOUND', { resource: 'sku' });
  throw new DomainError('OUT_OF_STOCK', { skuId, available: sku.stock });
}
