/**
 * What the shop and the admin see of an order, and the queries of their order lists. The API maps
 * its stored orders to these (apps/api/src/routes/order-view.ts); server-only fields (fan id,
 * idempotency key, request hash) are not part of them.
 */
import { z } from 'zod';
import { pageSchema } from '../api-common.ts';
import { ListQuerySchema } from '../pagination/pagination.ts';
import { OrderSchema, OrderStatusSchema } from './order.ts';
import { ORDER_EVENTS } from './state-machine.ts';

const OrderActionsSchema = z
  .array(z.enum(ORDER_EVENTS))
  .meta({ description: 'What the viewer may do with the order now' });

export const ShopOrderSchema = OrderSchema.extend({
  cancelReason: z.string().nullable(),
  actions: OrderActionsSchema,
}).meta({ id: 'ShopOrder' });
export type ShopOrder = z.infer<typeof ShopOrderSchema>;

export const AdminOrderSchema = ShopOrderSchema.extend({ openid: z.string() }).meta({ id: 'AdminOrder' });
export type AdminOrder = z.infer<typeof AdminOrderSchema>;

export const ShopOrderPageSchema = pageSchema(ShopOrderSchema, 'ShopOrderPage');
export const AdminOrderPageSchema = pageSchema(AdminOrderSchema, 'AdminOrderPage');

/** The fan's order list. */
export const ShopOrderListQuerySchema = ListQuerySchema.extend({ status: OrderStatusSchema.optional() });
export type ShopOrderListQuery = z.infer<typeof ShopOrderListQuerySchema>;

/** The staff order list: filter by status, order number or the fan's openid. */
export const AdminOrderListQuerySchema = ShopOrderListQuerySchema.extend({
  orderNo: z.string().trim().min(1).max(32).optional(),
  openid: z.string().trim().min(1).max(64).optional(),
});
export type AdminOrderListQuery = z.infer<typeof AdminOrderListQuerySchema>;
