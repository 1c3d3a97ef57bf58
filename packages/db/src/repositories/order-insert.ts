/**
 * Writing a new order and its lines in as few statements as the order number allows (see
 * `insertOrder`), each compiled once.
 */
import { randomUUID } from 'node:crypto';
import { orderNumber, AddressSchema } from '@weshop/core';
import type { Spec } from '@weshop/core';
import type { Insertable } from 'kysely';
import type { z } from 'zod';
import { parseJsonColumn } from '../json.ts';
import type { OrderItemTable, OrderTable } from '../schema.ts';
import type { Executor } from '../transaction.ts';
import { runCompiled } from '../sqlite/compiled-query.ts';
import type { StoredOrder } from './orders.ts';

export interface NewOrder {
  fanId: number;
  itemsTotalFen: number;
  shippingFen: number;
  totalFen: number;
  address: z.infer<typeof AddressSchema>;
  note: string;
  idempotencyKey: string | null;
  requestHash: string | null;
  createdAt: Date;
  expiresAt: string;
  items: readonly {
    productId: number;
    skuId: number;
    title: string;
    spec: Spec;
    image: string | null;
    priceFen: number;
    quantity: number;
    subtotalFen: number;
  }[];
}

const ORDER_COLUMNS = [
  'order_no',
  'fan_id',
  'status',
  'items_total_fen',
  'shipping_fen',
  'total_fen',
  'address',
  'note',
  'idempotency_key',
  'request_hash',
  'created_at',
  'updated_at',
  'expires_at',
] as const;

const ITEM_COLUMNS = [
  'order_id',
  'product_id',
  'sku_id',
  'title',
  'spec',
  'image',
  'price_fen',
  'quantity',
  'subtotal_fen',
] as const;

/** `[a, b, c]` and the column names → `{ name: value }` rows for a compiled insert. */
const rowsOf = <C extends readonly string[]>(columns: C, values: readonly unknown[]) =>
  Array.from({ length: values.length / columns.length }, (_, row) =>
    Object.fromEntries(columns.map((column, index) => [column, values[row * columns.length + index]])),
  );

/**
 * Writes the order and its lines and returns it as stored. The order number derives from the new id,
 * so it is written by an UPDATE after the INSERT (a unique placeholder until then, same transaction);
 * the answer is assembled from what was written instead of being read back.
 */
export async function insertOrder(db: Executor, order: NewOrder): Promise<StoredOrder> {
  const createdAt = order.createdAt.toISOString();
  const address = JSON.stringify(order.address);
  const values = [
    `new:${randomUUID()}`,
    order.fanId,
    'pending_payment',
    order.itemsTotalFen,
    order.shippingFen,
    order.totalFen,
    address,
    order.note,
    order.idempotencyKey,
    order.requestHash,
    createdAt,
    createdAt,
    order.expiresAt,
  ];
  const inserted = await runCompiled(db, 'insert order', values, (row) =>
    db
      .insertInto('orders')
      .values(rowsOf(ORDER_COLUMNS, row)[0] as Insertable<OrderTable>)
      .returning('id'),
  );
  const id = Number(inserted.rows[0]!.id);
  const orderNo = orderNumber(id, order.createdAt);
  await runCompiled(db, 'set order number', [orderNo, id], ([no, orderId]) =>
    db.updateTable('orders').set({ order_no: no }).where('id', '=', orderId),
  );
  const itemValues = order.items.flatMap((item) => [
    id,
    item.productId,
    item.skuId,
    item.title,
    JSON.stringify(item.spec),
    item.image,
    item.priceFen,
    item.quantity,
    item.subtotalFen,
  ]);
  const { rows: itemIds } = await runCompiled(
    db,
    `insert order items of ${order.items.length}`,
    itemValues,
    (rows) =>
      db
        .insertInto('order_items')
        .values(rowsOf(ITEM_COLUMNS, rows) as Insertable<OrderItemTable>[])
        .returning(['id', 'sku_id']),
  );
  // Lines are one per SKU (mergeOrderLines); match the ids by SKU, not by the order rows came back in.
  const idOfSku = new Map(itemIds.map((row) => [Number(row.sku_id), Number(row.id)]));
  const items = order.items
    .map((item) => ({ id: idOfSku.get(item.skuId)!, ...item }))
    .sort((a, b) => a.id - b.id);
  return {
    id,
    orderNo,
    status: 'pending_payment',
    itemsTotalFen: order.itemsTotalFen,
    shippingFen: order.shippingFen,
    totalFen: order.totalFen,
    items,
    // The address was validated on the way in; this is what the row holds (and what a read gives).
    address: parseJsonColumn(AddressSchema, address, 'orders.address'),
    note: order.note,
    paymentMethod: null,
    carrier: null,
    trackingNo: null,
    createdAt,
    expiresAt: order.expiresAt,
    paidAt: null,
    shippedAt: null,
    completedAt: null,
    cancelledAt: null,
    refundedAt: null,
    fanId: order.fanId,
    idempotencyKey: order.idempotencyKey,
    requestHash: order.requestHash,
    cancelReason: null,
  };
}
