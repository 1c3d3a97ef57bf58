import { z } from 'zod';
import { IdSchema, text } from '../common.ts';
import { DomainError } from '../errors.ts';
import { AddressSchema, MAX_QUANTITY_PER_LINE } from './order.ts';
import { DEFAULT_AUTO_COMPLETE_DAYS, DEFAULT_PAYMENT_TIMEOUT_MINUTES } from './state-machine.ts';

/**
 * What a fan sends to place an order, and the pure rules around it. Prices, totals and statuses in a
 * body are never read: the schemas below strip unknown keys, and the server prices every line from
 * the catalog (docs/architecture.md#price-authority).
 */

/** A quantity: an integer 1..99, never a string, a float or null. */
export const QuantitySchema = z
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(MAX_QUANTITY_PER_LINE, { error: `must be at most ${MAX_QUANTITY_PER_LINE}` });

/** Lines per order; more than this is not a fan's basket. */
export const MAX_ORDER_LINES = 50;

export const OrderLineInputSchema = z.object({ skuId: IdSchema, quantity: QuantitySchema });
export type OrderLineInput = z.infer<typeof OrderLineInputSchema>;

export const PlaceOrderInputSchema = z
  .object({
    items: z.array(OrderLineInputSchema).min(1, { error: 'must not be empty' }).max(MAX_ORDER_LINES),
    address: AddressSchema,
    note: text(0, 200).default(''),
  })
  .meta({ id: 'PlaceOrderInput' });
export type PlaceOrderInput = z.infer<typeof PlaceOrderInputSchema>;

export const PayOrderInputSchema = z
  .object({ method: z.literal('balance', { error: 'only "balance" is supported' }) })
  .meta({ id: 'PayOrderInput' });

export const ShipOrderInputSchema = z
  .object({
    carrier: text(1, 20),
    trackingNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,32}$/, { error: 'must be 4-32 letters, digits or dashes' }),
  })
  .meta({ id: 'ShipOrderInput' });
export type ShipOrderInput = z.infer<typeof ShipOrderInputSchema>;

export const CancelOrderInputSchema = z
  .object({ reason: text(0, 100).default('') })
  .meta({ id: 'CancelOrderInput' });

/**
 * The `Idempotency-Key` header: 1-64 visible ASCII characters (a UUID in practice). It scopes to the
 * fan, so two fans may use the same key.
 */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,64}$/, { error: 'must be 1-64 visible ASCII characters' });

/**
 * Sums lines of the same SKU (availability is checked on the sum) and orders them by SKU id, the
 * order stock rows are locked in (no deadlock between two orders on PostgreSQL). A summed line over
 * the per-line limit is a validation error on the first of its lines.
 */
export function mergeOrderLines(items: readonly OrderLineInput[]): OrderLineInput[] {
  const merged = new Map<number, { quantity: number; index: number }>();
  items.forEach((item, index) => {
    const line = merged.get(item.skuId) ?? { quantity: 0, index };
    line.quantity += item.quantity;
    merged.set(item.skuId, line);
  });
  for (const [, line] of merged) {
    if (line.quantity > MAX_QUANTITY_PER_LINE) {
      throw new DomainError('VALIDATION_FAILED', {
        errors: [
          {
            path: `items.${line.index}.quantity`,
            message: `at most ${MAX_QUANTITY_PER_LINE} of one SKU per order`,
          },
        ],
      });
    }
  }
  return [...merged].map(([skuId, { quantity }]) => ({ skuId, quantity })).sort((a, b) => a.skuId - b.skuId);
}

/** The request as one canonical string: the same order placed twice hashes the same. */
export function canonicalOrderRequest(input: PlaceOrderInput): string {
  const { address } = input;
  return JSON.stringify([
    mergeOrderLines(input.items).map((line) => [line.skuId, line.quantity]),
    [address.name, address.phone, address.province, address.city, address.district, address.detail],
    input.note,
  ]);
}

/** Limits that keep one fan from locking the stock and that time the order life cycle. */
export interface OrderRules {
  paymentTimeoutMinutes: number;
  maxUnpaidOrders: number;
  /** Units one fan may hold in unpaid orders altogether (the stock they keep from others). */
  maxUnpaidUnits: number;
  autoCompleteDays: number;
}

export const DEFAULT_MAX_UNPAID_ORDERS = 10;
export const DEFAULT_MAX_UNPAID_UNITS = 200;

export const DEFAULT_ORDER_RULES: OrderRules = {
  paymentTimeoutMinutes: DEFAULT_PAYMENT_TIMEOUT_MINUTES,
  maxUnpaidOrders: DEFAULT_MAX_UNPAID_ORDERS,
  maxUnpaidUnits: DEFAULT_MAX_UNPAID_UNITS,
  autoCompleteDays: DEFAULT_AUTO_COMPLETE_DAYS,
};

const ORDER_SERIAL_DIGITS = 10;
const ORDER_SERIAL_MODULUS = 10 ** ORDER_SERIAL_DIGITS;
/** Odd and not a multiple of 5, so multiplying by it permutes 0..10^10-1 (it is a unit mod 10^10). */
const ORDER_SERIAL_MULTIPLIER = 7_919_413_361n;
const SHANGHAI_OFFSET_MS = 8 * 60 * 60_000;

/**
 * A human-readable order number: the order's day in Asia/Shanghai (`yyMMdd`) and ten digits derived
 * from the order id by a permutation, so numbers are unique (ids are) without looking sequential
 * (competitors cannot read the shop's volume off them). Example: `261122` + `4830219917`.
 */
export function orderNumber(orderId: number, createdAt: Date): string {
  if (!Number.isSafeInteger(orderId) || orderId < 1 || orderId >= ORDER_SERIAL_MODULUS) {
    throw new RangeError(`order id out of range: ${orderId}`);
  }
  const local = new Date(createdAt.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  const day = `${local.slice(2, 4)}${local.slice(5, 7)}${local.slice(8, 10)}`;
  const serial = (BigInt(orderId) * ORDER_SERIAL_MULTIPLIER) % BigInt(ORDER_SERIAL_MODULUS);
  return `${day}${serial.toString().padStart(ORDER_SERIAL_DIGITS, '0')}`;
}

/** "连衣裙 M ×2，口红 ×1": the goods of an order in one line (template messages, admin lists). */
export function describeGoods(items: readonly { title: string; quantity: number }[]): string {
  return items.map((item) => `${item.title} ×${item.quantity}`).join('，');
}
