/**
 * The fan's cart, on the server. Lines hold a SKU and a quantity only: prices, titles and
 * availability are read from the catalog every time the cart is shown, never stored.
 */
import {
  DomainError,
  MAX_CART_LINES,
  MAX_QUANTITY_PER_LINE,
  checkPurchaseLimit,
  multiplyFen,
  sumFen,
} from '@weshop/core';
import type { Cart, CartLine } from '@weshop/core';
import { countBoughtUnits } from './order-limits.ts';
import { findSellableSkus } from './orders.ts';
import type { SellableSku } from './orders.ts';
import { affectedRows, runCompiled } from '../sqlite/compiled-query.ts';
import { inTransaction } from '../transaction.ts';
import type { Executor } from '../transaction.ts';

export async function readCart(db: Executor, fanId: number): Promise<Cart> {
  const lines = await db
    .selectFrom('cart_items')
    .select(['sku_id', 'quantity'])
    .where('fan_id', '=', fanId)
    .orderBy('id')
    .execute();
  const skus = new Map(
    (
      await findSellableSkus(
        db,
        lines.map((line) => line.sku_id),
      )
    ).map((sku) => [sku.skuId, sku]),
  );
  const items: CartLine[] = [];
  for (const line of lines) {
    const sku = skus.get(line.sku_id);
    if (!sku) continue;
    items.push({
      skuId: sku.skuId,
      productId: sku.productId,
      title: sku.title,
      spec: sku.spec,
      image: sku.image,
      priceFen: sku.priceFen,
      quantity: line.quantity,
      subtotalFen: multiplyFen(sku.priceFen, line.quantity),
      stock: sku.stock,
      available: sku.sellable && sku.stock >= line.quantity,
    });
  }
  return {
    items,
    totalFen: sumFen(items.filter((item) => item.available).map((item) => item.subtotalFen)),
  };
}

/** Checks that a SKU can be put in a cart at `quantity`: sellable and in stock for that many. */
async function checkSku(db: Executor, skuId: number, quantity: number): Promise<SellableSku> {
  const [sku] = await findSellableSkus(db, [skuId]);
  if (!sku) {
    throw new DomainError('VALIDATION_FAILED', { errors: [{ path: 'skuId', message: 'no such SKU' }] });
  }
  if (!sku.sellable) throw new DomainError('PRODUCT_UNAVAILABLE', { skuId, productId: sku.productId });
  if (sku.stock < quantity) throw new DomainError('OUT_OF_STOCK', { skuId, available: sku.stock });
  return sku;
}

/**
 * With a purchase limit on the SKU's product, checks that the cart's units of the product (this
 * line at `quantity` and its other SKUs' lines) and what the fan already bought of it stay within it.
 */
async function checkCartPurchaseLimit(
  db: Executor,
  fanId: number,
  sku: SellableSku,
  quantity: number,
): Promise<void> {
  if (sku.purchaseLimit === null) return;
  const others = await db
    .selectFrom('cart_items as c')
    .innerJoin('skus as s', 's.id', 'c.sku_id')
    .select((eb) => eb.fn.sum<number>('c.quantity').as('units'))
    .where('c.fan_id', '=', fanId)
    .where('s.product_id', '=', sku.productId)
    .where('c.sku_id', '<>', sku.skuId)
    .executeTakeFirst();
  const bought = await countBoughtUnits(db, fanId, [sku.productId]);
  checkPurchaseLimit({
    productId: sku.productId,
    limit: sku.purchaseLimit,
    alreadyBought: bought.get(sku.productId) ?? 0,
    requested: Number(others?.units ?? 0) + quantity,
  });
}

/**
 * Sets the quantity of a SKU in the cart (adding the line when absent). With `add`, the quantity is
 * added to what the line holds; the result must stay within the per-line limit and the stock.
 */
export async function putCartLine(
  db: Executor,
  input: { fanId: number; skuId: number; quantity: number; add: boolean; now: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const existing = await trx
      .selectFrom('cart_items')
      .select('quantity')
      .where('fan_id', '=', input.fanId)
      .where('sku_id', '=', input.skuId)
      .executeTakeFirst();
    const quantity = input.add ? (existing?.quantity ?? 0) + input.quantity : input.quantity;
    if (quantity > MAX_QUANTITY_PER_LINE) {
      throw new DomainError('VALIDATION_FAILED', {
        errors: [{ path: 'quantity', message: `at most ${MAX_QUANTITY_PER_LINE} of one SKU` }],
      });
    }
    await checkCartPurchaseLimit(trx, input.fanId, await checkSku(trx, input.skuId, quantity), quantity);
    if (existing) {
      await trx
        .updateTable('cart_items')
        .set({ quantity, updated_at: input.now })
        .where('fan_id', '=', input.fanId)
        .where('sku_id', '=', input.skuId)
        .execute();
      return;
    }
    const { n } = await trx
      .selectFrom('cart_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('fan_id', '=', input.fanId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_CART_LINES) throw new DomainError('LIMIT_EXCEEDED', { maxLines: MAX_CART_LINES });
    await trx
      .insertInto('cart_items')
      .values({
        fan_id: input.fanId,
        sku_id: input.skuId,
        quantity,
        created_at: input.now,
        updated_at: input.now,
      })
      .onConflict((oc) => oc.columns(['fan_id', 'sku_id']).doUpdateSet({ quantity, updated_at: input.now }))
      .execute();
  });
}

/** Removes SKUs from the fan's cart; true when a line was there. */
export async function removeCartLines(
  db: Executor,
  fanId: number,
  skuIds: readonly number[],
): Promise<boolean> {
  if (skuIds.length === 0) return false;
  const result = await runCompiled(
    db,
    `remove cart lines of ${skuIds.length}`,
    [fanId, ...skuIds],
    ([fan, ...skus]) => db.deleteFrom('cart_items').where('fan_id', '=', fan).where('sku_id', 'in', skus),
  );
  return affectedRows(result) > 0;
}
