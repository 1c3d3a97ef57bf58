/**
 * What the shop and the admin see of an order (ShopOrder, AdminOrder in @weshop/core): the public
 * Order fields plus the events the viewer may fire now (the buttons to show). Server-only fields (fan
 * id, idempotency key, request hash) never leave through here.
 */
import { availableOrderEvents } from '@weshop/core';
import type { AdminOrder, Order, OrderActor, ShopOrder } from '@weshop/core';
import type { StoredOrder } from '@weshop/db';

function publicOrder(order: StoredOrder): Order {
  const { fanId: _fanId, idempotencyKey: _key, requestHash: _hash, cancelReason: _reason, ...rest } = order;
  return rest;
}

function view(order: StoredOrder, actor: OrderActor, now: Date) {
  return {
    ...publicOrder(order),
    cancelReason: order.cancelReason,
    // Staff never pay; fans never ship: only the viewer's own events.
    actions: availableOrderEvents(order, { actor, now }),
  };
}

export const toShopOrder = (order: StoredOrder, now: Date): ShopOrder => view(order, 'fan', now);

export const toAdminOrder = (order: StoredOrder, openid: string, now: Date): AdminOrder => ({
  ...view(order, 'staff', now),
  openid,
});
