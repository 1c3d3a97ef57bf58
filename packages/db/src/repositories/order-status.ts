/**
 * An order's status change: one conditional UPDATE whose WHERE names the status it leaves (and, for
 * payment and expiry, the deadline), compiled once per shape. What the change records besides the
 * status comes in the order's own field names and is mapped to columns here.
 */
import type { OrderStatus } from '@weshop/core';
import type { OrderTable } from '../schema.ts';
import { affectedRows, runCompiled } from '../sqlite/compiled-query.ts';
import type { Executor } from '../transaction.ts';
import type { StoredOrder } from './orders.ts';

const FIELD_COLUMNS = {
  paymentMethod: 'payment_method',
  carrier: 'carrier',
  trackingNo: 'tracking_no',
  cancelReason: 'cancel_reason',
  paidAt: 'paid_at',
  shippedAt: 'shipped_at',
  completedAt: 'completed_at',
  cancelledAt: 'cancelled_at',
  refundedAt: 'refunded_at',
} as const satisfies Partial<Record<keyof StoredOrder, keyof OrderTable>>;

/** What a status change may record with the status: the new state's instant, carrier, payment method … */
export type OrderStatusFields = Partial<Pick<StoredOrder, keyof typeof FIELD_COLUMNS>>;

export interface StatusChange {
  from: OrderStatus;
  to: OrderStatus;
  now: string;
  /** Set with the status (undefined ones are left alone). */
  fields?: OrderStatusFields;
  /** Payment must happen before the order expires. */
  notExpiredAt?: string;
  /** Expiry may only cancel an order whose deadline passed. */
  expiredAt?: string;
}

/** Moves the order from `from` to `to` if it still is in `from`; false when someone else moved it first. */
export async function changeOrderStatus(db: Executor, id: number, change: StatusChange): Promise<boolean> {
  // Plain values only (Kysely skips undefined ones, and so does this).
  const set: [string, unknown][] = Object.entries(change.fields ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => [FIELD_COLUMNS[field as keyof typeof FIELD_COLUMNS], value]);
  set.push(['status', change.to], ['updated_at', change.now]);
  const bounds = [
    change.notExpiredAt === undefined ? null : (['>', change.notExpiredAt] as const),
    change.expiredAt === undefined ? null : (['<=', change.expiredAt] as const),
  ].filter((bound) => bound !== null);
  const key = `change order status ${set.map(([column]) => column).join(',')} ${bounds.map(([op]) => op).join(',')}`;
  const args = [...set.map(([, value]) => value), id, change.from, ...bounds.map(([, at]) => at)];
  const result = await runCompiled(db, key, args, (values) => {
    let update = db
      .updateTable('orders')
      .set(Object.fromEntries(set.map(([column], index) => [column, values[index]])))
      .where('id', '=', values[set.length] as number)
      .where('status', '=', values[set.length + 1] as OrderStatus);
    bounds.forEach(([op], index) => {
      update = update.where('expires_at', op, values[set.length + 2 + index] as string);
    });
    return update;
  });
  return affectedRows(result) === 1;
}
