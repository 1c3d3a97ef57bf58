import { z } from 'zod';
import { IdSchema, TimestampSchema, text } from '../common.ts';
import { FenSchema } from '../money/money.ts';
import { SpecSchema } from '../catalog/catalog.ts';

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'shipped',
  'completed',
  'cancelled',
  'refunded',
] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const PAYMENT_METHODS = ['balance', 'wechat_pay'] as const;
export const PaymentMethodSchema = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethodSchema>;

export const MAX_QUANTITY_PER_LINE = 99;

/** Mainland China mobile number: 11 digits starting 1[3-9]. */
export const MobileSchema = z.string().regex(/^1[3-9]\d{9}$/, { error: 'must be a mainland mobile number' });

export const AddressSchema = z
  .object({
    name: text(1, 20),
    phone: MobileSchema,
    province: text(0, 20).default(''),
    city: text(0, 20).default(''),
    district: text(0, 20).default(''),
    detail: text(2, 120),
  })
  .meta({ id: 'Address' });
export type Address = z.infer<typeof AddressSchema>;

export const OrderItemSchema = z
  .object({
    id: IdSchema,
    productId: IdSchema,
    skuId: IdSchema,
    title: z.string(),
    spec: SpecSchema,
    image: z.string().nullable(),
    priceFen: FenSchema,
    quantity: z.int().min(1),
    subtotalFen: FenSchema,
  })
  .meta({ id: 'OrderItem' });
export type OrderItem = z.infer<typeof OrderItemSchema>;

export const OrderSchema = z
  .object({
    id: IdSchema,
    orderNo: z.string(),
    status: OrderStatusSchema,
    itemsTotalFen: FenSchema,
    shippingFen: FenSchema,
    totalFen: FenSchema,
    items: z.array(OrderItemSchema),
    address: AddressSchema,
    note: z.string(),
    paymentMethod: PaymentMethodSchema.nullable(),
    carrier: z.string().nullable(),
    trackingNo: z.string().nullable(),
    createdAt: TimestampSchema,
    expiresAt: TimestampSchema.nullable(),
    paidAt: TimestampSchema.nullable(),
    shippedAt: TimestampSchema.nullable(),
    completedAt: TimestampSchema.nullable(),
    cancelledAt: TimestampSchema.nullable(),
    refundedAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof OrderSchema>;
