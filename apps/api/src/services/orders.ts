/**
 * The order use cases: place, pay with balance, cancel, confirm, ship, refund, expire, auto-complete.
 * Each runs in one transaction that holds the order row change, the stock, the ledger entry and the
 * outbox row together; none awaits the network (the outbox worker sends later). The state machine in
 * @weshop/core says what may happen; the conditional UPDATEs in @weshop/db make it true under
 * concurrency.
 */
import { DomainError, describeGoods } from '@weshop/core';
import type { ShipOrderInput } from '@weshop/core';
import {
  addSales,
  applyLedgerEntry,
  findDueOrderIds,
  findOrder,
  releaseStock,
  transactionWithRetry,
} from '@weshop/db';
import type { Executor, StoredOrder } from '@weshop/db';
import { queueOrderShipped } from '../notify/queue.ts';
import {
  actorLabel,
  changeOrder,
  itemLines,
  loadOrder,
  moveOrder,
  queueLedgerNotice,
  returnOrder,
} from './order-core.ts';
import type { OrderActorRef, OrderDeps } from './order-core.ts';

export { placeOrder } from './place-order.ts';
export type { PlacedOrder } from './place-order.ts';
export { queueLedgerNotice } from './order-core.ts';
export type { OrderActorRef } from './order-core.ts';

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
      await moveOrder(trx, order, 'pay', who, now, { paymentMethod: 'balance' });
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
    fields: { cancelReason: reason || null },
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
    fields: { carrier: input.carrier, trackingNo: input.trackingNo },
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
  const fields = event === 'expire' ? { cancelReason: 'expired' } : {};
  let moved = 0;
  for (const id of ids) {
    try {
      await changeOrder(deps, who, id, event, effects ? { fields, effects } : { fields });
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
