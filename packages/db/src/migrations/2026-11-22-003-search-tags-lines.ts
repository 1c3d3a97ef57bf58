/**
 * product_search.tags now holds one normalised tag per line (was: joined by spaces, which made a
 * multi-word tag indistinguishable from two tags). Emptying the table makes the next start rebuild
 * it in the new form (openDatabase → ensureSearchIndex). Frozen; imports only Kysely.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.deleteFrom('product_search' as never).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.deleteFrom('product_search' as never).execute();
}
