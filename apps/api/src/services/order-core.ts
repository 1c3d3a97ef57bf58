/**
 * What every order use case shares: who acts, loading an order in the actor's scope, firing a state
 * machine event through its conditional UPDATE, and giving back what an undone order held (stock, the
 * paid amount, sales). orders.ts and place-order.ts build the use cases on it.
 */
import { DomainError, transition } from '@weshop/core';
import type { LedgerEntry, LedgerKind, OrderActor, OrderEvent } from '@weshop/core';
import {
  addSales,
  applyLedgerEntry,
  changeOrderStatus,
  findOrder,
  releaseStock,
  transactionWithRetry,
} from '@weshop/db';
import type { Executor, OrderStatusFields, StatusChange, StoredOrder } from '@weshop/db';
import type { AppDeps } from '../deps.ts';
import { queueBalanceChanged } from '../notify/queue.ts';

export type OrderDeps = Pick<AppDeps, 'db' | 'config' | 'now' | 'outboxBell'>;

/** Who acts on an order: a fan (by their fan id) or a staff member (by username). */
export type OrderActorRef =
  | { actor: 'fan'; fanId: number; openid: string }
  | { actor: 'staff'; username: string }
  | { actor: 'system'; job: string };

export function actorLabel(who: OrderActorRef): string {
  if (who.actor === 'fan') return `fan:${who.openid}`;
  if (who.actor === 'staff') return `admin:${who.username}`;
  return `system:${who.job}`;
}

export const notFound = () => new DomainError('NOT_FOUND', { resource: 'order' });

export async function loadOrder(trx: Executor, orderId: number, who: OrderActorRef): Promise<StoredOrder> {
  const order = await findOrder(trx, orderId, who.actor === 'fan' ? { fanId: who.fanId } : {});
  if (!order) throw notFound();
  return order;
}

/**
 * Fires `event` on the order: checks the state machine, then moves the row with a conditional UPDATE.
 * When another request moved it first, the error names the status it is in now.
 */
export async function moveOrder(
  trx: Executor,
  order: StoredOrder,
  event: OrderEvent,
  who: OrderActorRef,
  now: Date,
  extra: OrderStatusFields = {},
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
    fields: { ...extra, [timestampField]: at },
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

export const itemLines = (order: StoredOrder) =>
  order.items.map((item) => ({ skuId: item.skuId, productId: item.productId, quantity: item.quantity }));

/** Puts the paid amount back on the fan's balance (a refund ledger entry and its notification). */
export async function refundToBalance(
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

/**
 * One order event as a use case: in one transaction, load the order (scoped to the fan when a fan
 * acts), fire `event` through the state machine and its conditional UPDATE, run the event's effects,
 * and answer the order as it is now.
 */
export async function changeOrder(
  deps: OrderDeps,
  who: OrderActorRef,
  orderId: number,
  event: OrderEvent,
  options: {
    fields?: OrderStatusFields;
    effects?: (trx: Executor, order: StoredOrder, now: Date) => Promise<void>;
  } = {},
): Promise<StoredOrder> {
  const changed = await transactionWithRetry(deps.db, async (trx) => {
    const order = await loadOrder(trx, orderId, who);
    const now = deps.now();
    await moveOrder(trx, order, event, who, now, options.fields, deps.config.orders.autoCompleteDays);
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
export async function returnOrder(
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
