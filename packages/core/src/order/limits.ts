/**
 * The rules that keep one fan from hoarding stock (docs/architecture.md#order-path): a cap on the
 * units held in unpaid orders (stock reserved but not paid for), and per-product purchase limits
 * (限购) set by staff. Pure: the callers count, under the fan's lock, and these decide.
 */
import { DomainError } from '../errors.ts';
import type { OrderStatus } from './order.ts';

/**
 * The orders whose units count against a purchase limit: those that hold or delivered the goods.
 * Cancelled and refunded orders gave their stock back (a refund happens before shipping), so they do
 * not count.
 */
export const PURCHASE_LIMIT_STATUSES = [
  'pending_payment',
  'paid',
  'shipped',
  'completed',
] as const satisfies readonly OrderStatus[];

/** UNPAID_UNITS_LIMIT_EXCEEDED when `held` units in unpaid orders plus `requested` pass `limit`. */
export function checkUnpaidUnits(units: { limit: number; held: number; requested: number }): void {
  if (units.held + units.requested > units.limit) {
    throw new DomainError('UNPAID_UNITS_LIMIT_EXCEEDED', { ...units });
  }
}

/**
 * PURCHASE_LIMIT_EXCEEDED when the units of a product the fan already bought (orders in
 * PURCHASE_LIMIT_STATUSES) plus those `requested` now pass its limit; a null limit never does.
 */
export function checkPurchaseLimit(purchase: {
  productId: number;
  limit: number | null;
  alreadyBought: number;
  requested: number;
}): void {
  const { limit } = purchase;
  if (limit !== null && purchase.alreadyBought + purchase.requested > limit) {
    throw new DomainError('PURCHASE_LIMIT_EXCEEDED', { ...purchase, limit });
  }
}

/** Units per product over order or cart lines (lines of several SKUs of one product add up). */
export function unitsPerProduct(
  lines: readonly { productId: number; quantity: number }[],
): Map<number, number> {
  const units = new Map<number, number>();
  for (const line of lines) units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
  return units;
}
