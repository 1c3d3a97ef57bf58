/**
 * What the shop and the admin see of an order: the public Order fields plus the events the viewer
 * may fire now (the buttons to show). Server-only fields (fan id, idempotency key, request hash)
 * never leave through here.
 */
import { ORDER_EVENTS, OrderSchema, availableOrderEvents } from '@weshop/core';
import type { Order, OrderActor } from '@weshop/core';
import type { StoredOrder } from '@weshop/db';
import { z } from 'zod';

const actions = z
  .array(z.enum(ORDER_EVENTS))
  .meta({ description: 'What the viewer may do with the order now' });

export const ShopOrderSchema = OrderSchema.extend({ cancelReason: z.string().nullable(), actions }).meta({
  id: 'ShopOrder',
});
export type ShopOrder = z.infer<typeof ShopOrderSchema>;

export const AdminOrderSchema = ShopOrderSchema.extend({ openid: z.string() }).meta({ id: 'AdminOrder' });
export type AdminOrder = z.infer<typeof AdminOrderSchema>;

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
