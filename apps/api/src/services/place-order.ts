/**
 * Placing an order: the server prices every line, checks what one fan may hold and buy, reserves the
 * stock with conditional updates and writes the order with its snapshots, once per Idempotency-Key.
 */
import { createHash } from 'node:crypto';
import {
  DomainError,
  canonicalOrderRequest,
  checkPurchaseLimit,
  checkUnpaidUnits,
  mergeOrderLines,
  multiplyFen,
  paymentExpiresAt,
  sumFen,
  unitsPerProduct,
} from '@weshop/core';
import type { PlaceOrderInput } from '@weshop/core';
import {
  checkNewOrder,
  countBoughtUnits,
  findOrderByIdempotencyKey,
  findSellableSkus,
  insertOrder,
  isUniqueViolation,
  lockFanOrders,
  removeCartLines,
  reserveStock,
  transactionWithRetry,
} from '@weshop/db';
import type { Executor, SellableSku, StoredOrder } from '@weshop/db';
import type { OrderDeps } from './order-core.ts';

export interface PlacedOrder {
  order: StoredOrder;
  /** The Idempotency-Key had been used for this very request before: nothing new happened. */
  replayed: boolean;
}

const hashRequest = (input: PlaceOrderInput) =>
  createHash('sha256').update(canonicalOrderRequest(input)).digest('base64url');

async function replayOrder(
  db: Executor,
  fanId: number,
  key: string,
  requestHash: string,
): Promise<StoredOrder | undefined> {
  const existing = await findOrderByIdempotencyKey(db, fanId, key);
  if (existing && existing.requestHash !== requestHash) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', { orderId: existing.id });
  }
  return existing;
}

/**
 * PURCHASE_LIMIT_EXCEEDED for the first product of the order whose purchase limit (限购) the fan
 * would pass with these lines (lines of its SKUs summed) and what they already bought.
 */
async function checkPurchaseLimits(
  trx: Executor,
  fanId: number,
  lines: readonly (SellableSku & { quantity: number })[],
): Promise<void> {
  const limited = lines.filter((line) => line.purchaseLimit !== null);
  if (limited.length === 0) return;
  const limits = new Map(limited.map((line) => [line.productId, line.purchaseLimit]));
  const requested = unitsPerProduct(limited);
  const bought = await countBoughtUnits(trx, fanId, [...requested.keys()]);
  for (const [productId, units] of requested) {
    checkPurchaseLimit({
      productId,
      limit: limits.get(productId) ?? null,
      alreadyBought: bought.get(productId) ?? 0,
      requested: units,
    });
  }
}

/**
 * Places an order: prices every line from the catalog, checks the fan's caps (unpaid orders, units
 * held unpaid, purchase limits; counted while the fan's lock is held, so concurrent orders of one fan
 * take turns), reserves stock line by line with conditional updates (lines of one SKU summed, SKUs in
 * id order), writes the order with its snapshots and takes the ordered SKUs out of the cart. With an
 * Idempotency-Key, the same key and body return the first order; the same key with another body is
 * IDEMPOTENCY_KEY_REUSED.
 */
export async function placeOrder(
  deps: OrderDeps,
  fan: { fanId: number; snapshot: boolean },
  input: PlaceOrderInput,
  idempotencyKey: string | null,
): Promise<PlacedOrder> {
  if (fan.snapshot) throw new DomainError('FORBIDDEN', { reason: 'snapshot_user' });
  const lines = mergeOrderLines(input.items);
  const requestHash = hashRequest(input);
  const firstIndex = (skuId: number) => input.items.findIndex((item) => item.skuId === skuId);
  try {
    return await transactionWithRetry(deps.db, async (trx) => {
      // The fan's orders take turns from here (a row lock on PostgreSQL), then one statement counts
      // what the caps need and finds the key's earlier order (if any).
      await lockFanOrders(trx, fan.fanId);
      const { unpaid, unpaidUnits, existingId } = await checkNewOrder(trx, fan.fanId, idempotencyKey);
      if (existingId !== null && idempotencyKey !== null) {
        const existing = await replayOrder(trx, fan.fanId, idempotencyKey, requestHash);
        if (existing) return { order: existing, replayed: true };
      }
      const { maxUnpaidOrders, maxUnpaidUnits, paymentTimeoutMinutes } = deps.config.orders;
      if (unpaid >= maxUnpaidOrders) {
        throw new DomainError('LIMIT_EXCEEDED', { maxUnpaidOrders, reason: 'too_many_unpaid_orders' });
      }
      const skus = new Map(
        (
          await findSellableSkus(
            trx,
            lines.map((line) => line.skuId),
          )
        ).map((sku) => [sku.skuId, sku]),
      );
      const priced = lines.map((line) => {
        const sku = skus.get(line.skuId);
        if (!sku) {
          throw new DomainError('VALIDATION_FAILED', {
            errors: [{ path: `items.${firstIndex(line.skuId)}.skuId`, message: 'no such SKU' }],
          });
        }
        if (!sku.sellable) {
          throw new DomainError('PRODUCT_UNAVAILABLE', { skuId: sku.skuId, productId: sku.productId });
        }
        return { ...sku, quantity: line.quantity, subtotalFen: multiplyFen(sku.priceFen, line.quantity) };
      });
      checkUnpaidUnits({
        limit: maxUnpaidUnits,
        held: unpaidUnits,
        requested: lines.reduce((units, line) => units + line.quantity, 0),
      });
      await checkPurchaseLimits(trx, fan.fanId, priced);
      const itemsTotalFen = sumFen(priced.map((line) => line.subtotalFen));
      if (itemsTotalFen <= 0) {
        throw new DomainError('VALIDATION_FAILED', {
          errors: [{ path: 'items', message: 'the order total must be above zero' }],
        });
      }
      const now = deps.now();
      const at = now.toISOString();
      for (const line of priced) {
        if (!(await reserveStock(trx, line.skuId, line.quantity, at))) {
          const [current] = await findSellableSkus(trx, [line.skuId]);
          throw new DomainError('OUT_OF_STOCK', { skuId: line.skuId, available: current?.stock ?? 0 });
        }
      }
      const order = await insertOrder(trx, {
        fanId: fan.fanId,
        itemsTotalFen,
        shippingFen: 0,
        totalFen: itemsTotalFen,
        address: input.address,
        note: input.note,
        idempotencyKey,
        requestHash,
        createdAt: now,
        expiresAt: paymentExpiresAt(now, paymentTimeoutMinutes).toISOString(),
        items: priced.map(({ productId, skuId, title, spec, image, priceFen, quantity, subtotalFen }) => ({
          productId,
          skuId,
          title,
          spec,
          image,
          priceFen,
          quantity,
          subtotalFen,
        })),
      });
      await removeCartLines(
        trx,
        fan.fanId,
        lines.map((line) => line.skuId),
      );
      return { order, replayed: false };
    });
  } catch (error) {
    // Two requests with one key raced on PostgreSQL: the loser's transaction rolled back (stock too).
    if (idempotencyKey !== null && isUniqueViolation(error)) {
      const existing = await replayOrder(deps.db, fan.fanId, idempotencyKey, requestHash);
      if (existing) return { order: existing, replayed: true };
    }
    throw error;
  }
}
