/**
 * Per-product purchase limits (限购, issue 15): `products.purchase_limit`, at most this many units per
 * fan, NULL for none. Frozen once released; imports only Kysely.
 *
 * Counting what a fan bought of a product reads their orders through `orders_fan_idx` and the lines
 * through `order_items_order_idx` (both from migration 001): no new index.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('products')
    .addColumn('purchase_limit', 'integer', (c) => c.check(sql`purchase_limit >= 1`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('products').dropColumn('purchase_limit').execute();
}
