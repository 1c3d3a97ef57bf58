/**
 * Orders, their lines and the stock they hold. Every state change is one conditional UPDATE whose
 * WHERE names the status it leaves (and, for payment, the open window): whoever changes the row first
 * wins and the other sees 0 rows, on SQLite and under PostgreSQL's READ COMMITTED alike. Stock moves
 * only by `stock = stock - n WHERE stock >= n` (docs/architecture.md#stock-guard). Lock order in every
 * transaction: the fan (placing an order, order-limits.ts), orders, then skus by id, then
 * balance_accounts, then products.
 */
import { decodeCursor, toPage, AddressSchema, IdSchema, SpecSchema } from '@weshop/core';
import type { Order, OrderItem, OrderStatus, Page, Spec } from '@weshop/core';
import type { Selectable } from 'kysely';
import { parseJsonColumn } from '../json.ts';
import type { OrderItemTable, OrderTable } from '../schema.ts';
import type { Executor } from '../transaction.ts';
import { runCompiled } from '../sqlite/compiled-query.ts';

/** An order with what only the server sees. */
export interface StoredOrder extends Order {
  fanId: number;
  idempotencyKey: string | null;
  requestHash: string | null;
  cancelReason: string | null;
}

function toItem(row: Selectable<OrderItemTable>): OrderItem {
  return {
    id: row.id,
    productId: row.product_id,
    skuId: row.sku_id,
    title: row.title,
    spec: parseJsonColumn(SpecSchema, row.spec, 'order_items.spec'),
    image: row.image,
    priceFen: Number(row.price_fen),
    quantity: row.quantity,
    subtotalFen: Number(row.subtotal_fen),
  };
}

function toOrder(row: Selectable<OrderTable>, items: OrderItem[]): StoredOrder {
  return {
    id: row.id,
    orderNo: row.order_no,
    status: row.status,
    itemsTotalFen: Number(row.items_total_fen),
    shippingFen: Number(row.shipping_fen),
    totalFen: Number(row.total_fen),
    items,
    address: parseJsonColumn(AddressSchema, row.address, 'orders.address'),
    note: row.note,
    paymentMethod: row.payment_method,
    carrier: row.carrier,
    trackingNo: row.tracking_no,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    paidAt: row.paid_at,
    shippedAt: row.shipped_at,
    completedAt: row.completed_at,
    cancelledAt: row.cancelled_at,
    refundedAt: row.refunded_at,
    fanId: row.fan_id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    cancelReason: row.cancel_reason,
  };
}

async function withItems(db: Executor, rows: Selectable<OrderTable>[]): Promise<StoredOrder[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const { rows: items } = await runCompiled(db, `order items of ${ids.length}`, ids, (orderIds) =>
    db
      .selectFrom('order_items')
      .selectAll()
      .where('order_id', 'in', [...orderIds])
      .orderBy('id'),
  );
  const byOrder = new Map<number, OrderItem[]>();
  for (const item of items) {
    const list = byOrder.get(item.order_id) ?? [];
    list.push(toItem(item));
    byOrder.set(item.order_id, list);
  }
  return rows.map((row) => toOrder(row, byOrder.get(row.id) ?? []));
}

/** One order; with `fanId`, only when it is that fan's (another fan's id reads as absent). */
export async function findOrder(
  db: Executor,
  id: number,
  scope: { fanId?: number } = {},
): Promise<StoredOrder | undefined> {
  const { rows } =
    scope.fanId === undefined
      ? await runCompiled(db, 'order by id', [id], ([orderId]) =>
          db.selectFrom('orders').selectAll().where('id', '=', orderId),
        )
      : await runCompiled(db, 'order by id of fan', [id, scope.fanId], ([orderId, fanId]) =>
          db.selectFrom('orders').selectAll().where('id', '=', orderId).where('fan_id', '=', fanId),
        );
  const row = rows[0];
  return row && (await withItems(db, [row]))[0];
}

export async function findOrderByIdempotencyKey(
  db: Executor,
  fanId: number,
  key: string,
): Promise<StoredOrder | undefined> {
  const row = await db
    .selectFrom('orders')
    .selectAll()
    .where('fan_id', '=', fanId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row && (await withItems(db, [row]))[0];
}

/** A SKU as an order line needs it: its product's snapshot fields and whether it may be sold. */
export interface SellableSku {
  skuId: number;
  productId: number;
  title: string;
  spec: Spec;
  image: string | null;
  priceFen: number;
  stock: number;
  /** On shelf, and neither the product nor the SKU deleted. */
  sellable: boolean;
  /** The product's purchase limit (限购), null for none. */
  purchaseLimit: number | null;
}

export async function findSellableSkus(db: Executor, skuIds: readonly number[]): Promise<SellableSku[]> {
  if (skuIds.length === 0) return [];
  const { rows } = await runCompiled(db, `sellable skus of ${skuIds.length}`, skuIds, (ids) =>
    db
      .selectFrom('skus as s')
      .innerJoin('products as p', 'p.id', 's.product_id')
      .select([
        's.id as sku_id',
        's.product_id',
        's.spec',
        's.price_fen',
        's.stock',
        's.deleted_at as sku_deleted_at',
        'p.title',
        'p.cover_image',
        'p.on_shelf',
        'p.deleted_at as product_deleted_at',
        'p.purchase_limit',
      ])
      .where('s.id', 'in', [...ids]),
  );
  return rows.map((row) => ({
    skuId: row.sku_id,
    productId: row.product_id,
    title: row.title,
    spec: parseJsonColumn(SpecSchema, row.spec, 'skus.spec'),
    image: row.cover_image,
    priceFen: Number(row.price_fen),
    stock: row.stock,
    sellable: row.on_shelf === 1 && row.sku_deleted_at === null && row.product_deleted_at === null,
    purchaseLimit: row.purchase_limit,
  }));
}

/** Adds (or with a negative sign removes) an order's quantities to its products' sales counts. */
export async function addSales(
  db: Executor,
  items: readonly { productId: number; quantity: number }[],
  sign: 1 | -1,
): Promise<void> {
  const byProduct = new Map<number, number>();
  for (const item of items)
    byProduct.set(item.productId, (byProduct.get(item.productId) ?? 0) + item.quantity);
  for (const [productId, quantity] of [...byProduct].sort((a, b) => a[0] - b[0])) {
    await runCompiled(db, 'add sales', [sign * quantity, productId], ([delta, id]) =>
      db
        .updateTable('products')
        .set((eb) => ({ sales_count: eb('sales_count', '+', delta) }))
        .where('id', '=', id),
    );
  }
}

export { insertOrder } from './order-insert.ts';
export type { NewOrder } from './order-insert.ts';

export { changeOrderStatus } from './order-status.ts';
export type { OrderStatusFields, StatusChange } from './order-status.ts';

export interface OrderListQuery {
  fanId?: number;
  status?: OrderStatus;
  /** An order number, or a prefix of one. */
  orderNo?: string;
  cursor?: string | undefined;
  limit: number;
}

const OrderCursor = [IdSchema] as const;

/** Orders newest first, with their lines. */
export async function listOrders(db: Executor, query: OrderListQuery): Promise<Page<StoredOrder>> {
  let select = db
    .selectFrom('orders')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.fanId !== undefined) select = select.where('fan_id', '=', query.fanId);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.orderNo !== undefined) select = select.where('order_no', '=', query.orderNo);
  if (query.cursor !== undefined) {
    const [beforeId] = decodeCursor(query.cursor, OrderCursor);
    select = select.where('id', '<', beforeId);
  }
  const rows = await select.execute();
  const page = toPage(rows, query.limit, (row) => [row.id]);
  return { items: await withItems(db, page.items), nextCursor: page.nextCursor };
}

/**
 * Ids of orders in `status` whose `column` instant is at or before `before`, oldest first: the work
 * lists of the expiry job (unpaid, `expires_at`) and the auto-complete job (shipped, `shipped_at`).
 */
export async function findDueOrderIds(
  db: Executor,
  due: { status: OrderStatus; column: 'expires_at' | 'shipped_at'; before: string; limit: number },
): Promise<number[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', due.status)
    .where(due.column, '<=', due.before)
    .orderBy(due.column)
    .limit(due.limit)
    .execute();
  return rows.map((row) => row.id);
}
