import { z } from 'zod';
import { IdSchema } from '../common.ts';
import { FenSchema } from '../money/money.ts';
import { QuantitySchema } from './checkout.ts';
import { OrderItemSchema } from './order.ts';

/** Adding to the cart: the quantity is added to what the cart already holds for the SKU. */
export const CartAddInputSchema = z
  .object({ skuId: IdSchema, quantity: QuantitySchema.default(1) })
  .meta({ id: 'CartAddInput' });
export type CartAddInput = z.infer<typeof CartAddInputSchema>;

/** Setting a cart line's quantity. */
export const CartSetInputSchema = z.object({ quantity: QuantitySchema }).meta({ id: 'CartSetInput' });

/**
 * A cart line as the fan sees it: always priced from the catalog now, never from when it was added.
 * `available` is false when the product went off shelf or the stock no longer covers the quantity;
 * such lines stay in the cart (the fan decides) but cannot be ordered.
 */
export const CartLineSchema = OrderItemSchema.omit({ id: true })
  .extend({ stock: z.int().min(0), available: z.boolean() })
  .meta({ id: 'CartLine' });
export type CartLine = z.infer<typeof CartLineSchema>;

export const CartSchema = z
  .object({
    items: z.array(CartLineSchema),
    /** Sum of the available lines. */
    totalFen: FenSchema,
  })
  .meta({ id: 'Cart' });
export type Cart = z.infer<typeof CartSchema>;

/** Distinct SKUs one cart may hold. */
export const MAX_CART_LINES = 50;
