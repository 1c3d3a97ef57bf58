/**
 * The order use cases: place, pay with balance, cancel, confirm, ship, refund, expire, auto-complete.
 * Each runs in one transaction that holds the order row change, the stock, the ledger entry and the
 * outbox row together; none awaits the network (the outbox worker sends later). The state machine in
 * @weshop/core says what may happen; the conditional UPDATEs in @weshop/db make it true under
 * concurrency.
 */
import { createHash } from 'node:crypto';
import {
  DomainError,
  canonicalOrderRequest,
  describeGoods,
  mergeOrderLines,
  multiplyFen,
  paymentExpiresAt,
  sumFen,
  transition,
} from '@weshop/core';
import type {
  LedgerEntry,
  LedgerKind,
  OrderActor,
  OrderEvent,
  OrderTimestampField,
  PlaceOrderInput,
  ShipOrderInput,
} from '@weshop/core';
import {
  addSales,
  applyLedgerEntry,
  changeOrderStatus,
  checkNewOrder,
  findDueOrderIds,
  findOrder,
  findOrderByIdempotencyKey,
  findSellableSkus,
  insertOrder,
  isUniqueViolation,
  releaseStock,
  removeCartLines,
  reserveStock,
  transactionWithRetry,
} from '@weshop/db';
import type { Executor, StatusChange, StoredOrder } from '@weshop/db';
import type { AppDeps } from '../deps.ts';
import { queueBalanceChanged, queueOrderShipped } from '../notify/queue.ts';

type OrderDeps = Pick<AppDeps, 'db' | 'config' | 'now' | 'outboxBell'>;

/** Who acts on an order: a fan (by their fan id) or a staff member (by username). */
export type OrderActorRef =
  | { actor: 'fan'; fanId: number; openid: string }
  | { actor: 'staff'; username: string }
  | { actor: 'system'; job: string };

function actorLabel(who: OrderActorRef): string {
  if (who.actor === 'fan') return `fan:${who.openid}`;
  if (who.actor === 'staff') return `admin:${who.username}`;
  return `system:${who.job}`;
}

const TIMESTAMP_COLUMNS: Record<
  OrderTimestampField,
  'paid_at' | 'shipped_at' | 'completed_at' | 'cancelled_at' | 'refunded_at'
> = {
  paidAt: 'paid_at',
  shippedAt: 'shipped_at',
  completedAt: 'completed_at',
  cancelledAt: 'cancelled_at',
  refundedAt: 'refunded_at',
};

const notFound = () => new DomainError('NOT_FOUND', { resource: 'order' });

async function loadOrder(trx: Executor, orderId: number, who: OrderActorRef): Promise<StoredOrder> {
  const order = await findOrder(trx, orderId, who.actor === 'fan' ? { fanId: who.fanId } : {});
  if (!order) throw notFound();
  return order;
}

/**
 * Fires `event` on the order: checks the state machine, then moves the row with a conditional UPDATE.
 * When another request moved it first, the error names the status it is in now.
 */
async function moveOrder(
  trx: Executor,
  order: StoredOrder,
  event: OrderEvent,
  who: OrderActorRef,
  now: Date,
  extra: StatusChange['set'] = {},
  autoCompleteDays?: number,
): Promise<void> {
  const actor: OrderActor = who.actor;
  const { from, to, timestampField } = transition(order, event, {
    actor,
    now,
    ...(autoCompleteDays === undefined ? {} : { autoCompleteDays }),
  });
  const at = now.toISOString();
  const change: StatusChange = {
    from,
    to,
    now: at,
    set: { ...extra, [TIMESTAMP_COLUMNS[timestampField]]: at },
  };
  if (event === 'pay') change.notExpiredAt = at;
  if (event === 'expire') change.expiredAt = at;
  if (!(await changeOrderStatus(trx, order.id, change))) {
    const current = await findOrder(trx, order.id);
    throw new DomainError('ORDER_STATE_INVALID', {
      from: current?.status ?? order.status,
      event,
      actor,
      reason: 'changed_concurrently',
    });
  }
}

const itemLines = (order: StoredOrder) =>
  order.items.map((item) => ({ skuId: item.skuId, productId: item.productId, quantity: item.quantity }));

/** Puts the paid amount back on the fan's balance (a refund ledger entry and its notification). */
async function refundToBalance(
  trx: Executor,
  deps: OrderDeps,
  order: StoredOrder,
  who: OrderActorRef,
  now: string,
): Promise<void> {
  if (order.totalFen === 0) return;
  const { entry, replayed } = await applyLedgerEntry(trx, {
    fanId: order.fanId,
    kind: 'refund',
    amountFen: order.totalFen,
    reason: `订单 ${order.orderNo} 退款`,
    actor: actorLabel(who),
    reference: `order:${order.id}:refund`,
    orderId: order.id,
    now,
  });
  if (!replayed) await queueLedgerNotice(trx, deps, entry);
}

/**
 * Queues the "balance changed" notification of a ledger entry. Entries of an order carry the order
 * number in their reason, which does not fit WeChat's 20-character `thing` field: their card says
 * what kind of movement it was (订单支付, 订单退款) and links to the ledger instead.
 */
export async function queueLedgerNotice(
  trx: Executor,
  deps: Pick<AppDeps, 'config'>,
  entry: LedgerEntry & { fanId: number; orderId: number | null },
): Promise<void> {
  await queueBalanceChanged(trx, deps.config, {
    ledgerId: entry.id,
    fanId: entry.fanId,
    kind: entry.kind,
    amountFen: entry.amountFen,
    balanceAfterFen: entry.balanceAfterFen,
    reason: entry.orderId === null ? entry.reason : ORDER_LEDGER_LABELS[entry.kind],
    at: entry.createdAt,
  });
}

const ORDER_LEDGER_LABELS: Record<LedgerKind, string> = {
  spend: '订单支付',
  refund: '订单退款',
  topup: '余额充值',
  adjustment: '余额调整',
};

// ---------------------------------------------------------------- placing an order

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
 * Places an order: prices every line from the catalog, reserves stock line by line with conditional
 * updates (lines of one SKU summed, SKUs in id order), writes the order with its snapshots and takes
 * the ordered SKUs out of the cart. With an Idempotency-Key, the same key and body return the first
 * order; the same key with another body is IDEMPOTENCY_KEY_REUSED.
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
      // One statement for both checks: the key's earlier order (if any) and the unpaid count.
      const { unpaid, existingId } = await checkNewOrder(trx, fan.fanId, idempotencyKey);
      if (existingId !== null && idempotencyKey !== null) {
        const existing = await replayOrder(trx, fan.fanId, idempotencyKey, requestHash);
        if (existing) return { order: existing, replayed: true };
      }
      const { maxUnpaidOrders, paymentTimeoutMinutes } = deps.config.orders;
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

// ---------------------------------------------------------------- the fan's actions

/**
 * Pays with the stored balance: the order turns paid and the balance is debited in one transaction.
 * Paying an order this fan already paid with balance answers the order again (a double click) without
 * a second debit; a cancelled or expired order is ORDER_STATE_INVALID; a short balance is
 * INSUFFICIENT_BALANCE and changes nothing.
 */
export async function payWithBalance(
  deps: OrderDeps,
  fan: { fanId: number; openid: string },
  orderId: number,
): Promise<StoredOrder> {
  const who: OrderActorRef = { actor: 'fan', ...fan };
  const paid = await transactionWithRetry(deps.db, async (trx) => {
    const order = await loadOrder(trx, orderId, who);
    if (order.status === 'paid' && order.paymentMethod === 'balance') return order;
    const now = deps.now();
    try {
      await moveOrder(trx, order, 'pay', who, now, { payment_method: 'balance' });
    } catch (error) {
      // A concurrent click paid it first (PostgreSQL): same answer as a sequential second click.
      const current = await findOrder(trx, orderId);
      if (current?.status === 'paid' && current.paymentMethod === 'balance') return current;
      throw error;
    }
    const { entry } = await applyLedgerEntry(trx, {
      fanId: order.fanId,
      kind: 'spend',
      amountFen: -order.totalFen,
      reason: `支付订单 ${order.orderNo}`,
      actor: actorLabel(who),
      reference: `order:${order.id}:spend`,
      orderId: order.id,
      now: now.toISOString(),
      // This transaction just moved the order out of pending_payment, which happens once per order.
      firstTime: true,
    });
    await addSales(trx, itemLines(order), 1);
    await queueLedgerNotice(trx, deps, entry);
    const paidAt = now.toISOString();
    return { ...order, status: 'paid' as const, paymentMethod: 'balance' as const, paidAt };
  });
  deps.outboxBell.ring();
  return paid;
}

/**
 * One order event as a use case: in one transaction, load the order (scoped to the fan when a fan
 * acts), fire `event` through the state machine and its conditional UPDATE, run the event's effects,
 * and answer the order as it is now.
 */
async function changeOrder(
  deps: OrderDeps,
  who: OrderActorRef,
  orderId: number,
  event: OrderEvent,
  options: {
    set?: StatusChange['set'];
    effects?: (trx: Executor, order: StoredOrder, now: Date) => Promise<void>;
  } = {},
): Promise<StoredOrder> {
  const changed = await transactionWithRetry(deps.db, async (trx) => {
    const order = await loadOrder(trx, orderId, who);
    const now = deps.now();
    await moveOrder(trx, order, event, who, now, options.set, deps.config.orders.autoCompleteDays);
    await options.effects?.(trx, order, now);
    return (await findOrder(trx, orderId))!;
  });
  // Effects may have queued notifications (refund, shipping): send them now, not at the next poll.
  if (options.effects) deps.outboxBell.ring();
  return changed;
}

/**
 * What undoing an order gives back: its stock always; when it had been paid, the amount to the
 * balance (with its notification) and the sales count.
 */
async function returnOrder(
  trx: Executor,
  deps: OrderDeps,
  order: StoredOrder,
  who: OrderActorRef,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await releaseStock(trx, itemLines(order), at);
  if (order.status !== 'paid') return;
  await refundToBalance(trx, deps, order, who, at);
  await addSales(trx, itemLines(order), -1);
}

/**
 * Cancels an order: unpaid (fan or staff) or, by the fan, paid but not shipped. Stock goes back, and
 * a paid amount goes back to the balance.
 */
export function cancelOrder(
  deps: OrderDeps,
  who: OrderActorRef,
  orderId: number,
  reason: string,
): Promise<StoredOrder> {
  return changeOrder(deps, who, orderId, 'cancel', {
    set: { cancel_reason: reason || null },
    effects: (trx, order, now) => returnOrder(trx, deps, order, who, now),
  });
}

/** The fan confirms receipt: shipped → completed. */
export function confirmOrder(
  deps: OrderDeps,
  fan: { fanId: number; openid: string },
  orderId: number,
): Promise<StoredOrder> {
  return changeOrder(deps, { actor: 'fan', ...fan }, orderId, 'confirm');
}

// ---------------------------------------------------------------- staff actions

/** Ships a paid order and queues the "order shipped" notification in the same transaction. */
export function shipOrder(
  deps: OrderDeps,
  staff: { username: string },
  orderId: number,
  input: ShipOrderInput,
): Promise<StoredOrder> {
  return changeOrder(deps, { actor: 'staff', ...staff }, orderId, 'ship', {
    set: { carrier: input.carrier, tracking_no: input.trackingNo },
    effects: (trx, order, now) =>
      queueOrderShipped(trx, deps.config, {
        orderId: order.id,
        orderNo: order.orderNo,
        fanId: order.fanId,
        goods: describeGoods(order.items),
        carrier: input.carrier,
        trackingNo: input.trackingNo,
        shippedAt: now.toISOString(),
      }),
  });
}

/** Refunds a paid (not shipped) order to the fan's balance and releases its stock. */
export function refundOrder(
  deps: OrderDeps,
  staff: { username: string },
  orderId: number,
): Promise<StoredOrder> {
  const who: OrderActorRef = { actor: 'staff', ...staff };
  return changeOrder(deps, who, orderId, 'refund', {
    effects: (trx, order, now) => returnOrder(trx, deps, order, who, now),
  });
}

// ---------------------------------------------------------------- jobs

const JOB_BATCH = 100;

/**
 * Runs `event` as the system on each listed order, one transaction per order. An order someone else
 * moved meanwhile (paid at the last second, expired by another instance) is skipped, never an error.
 */
async function runSystemEvent(
  deps: OrderDeps,
  ids: readonly number[],
  event: 'expire' | 'auto_complete',
  effects?: (trx: Executor, order: StoredOrder, now: Date) => Promise<void>,
): Promise<number> {
  const who: OrderActorRef = { actor: 'system', job: event };
  const set = event === 'expire' ? { cancel_reason: 'expired' } : {};
  let moved = 0;
  for (const id of ids) {
    try {
      await changeOrder(deps, who, id, event, effects ? { set, effects } : { set });
      moved++;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'ORDER_STATE_INVALID')) throw error;
    }
  }
  return moved;
}

/**
 * Cancels unpaid orders whose payment window has closed and releases their stock. Safe on several
 * instances at once and against a payment in flight: the UPDATE only matches an order still unpaid
 * and past its deadline, while payment only matches one before it.
 */
export async function expireUnpaidOrders(deps: OrderDeps, limit = JOB_BATCH): Promise<number> {
  const before = deps.now().toISOString();
  const ids = await findDueOrderIds(deps.db, {
    status: 'pending_payment',
    column: 'expires_at',
    before,
    limit,
  });
  return runSystemEvent(deps, ids, 'expire', (trx, order, now) =>
    releaseStock(trx, itemLines(order), now.toISOString()),
  );
}

/** Completes orders shipped more than `autoCompleteDays` ago. */
export async function autoCompleteOrders(deps: OrderDeps, limit = JOB_BATCH): Promise<number> {
  const days = deps.config.orders.autoCompleteDays;
  const before = new Date(deps.now().getTime() - days * 86_400_000).toISOString();
  const ids = await findDueOrderIds(deps.db, { status: 'shipped', column: 'shipped_at', before, limit });
  return runSystemEvent(deps, ids, 'auto_complete');
}
