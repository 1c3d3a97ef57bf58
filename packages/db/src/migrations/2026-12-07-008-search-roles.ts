/**
 * Synonyms get a direction: `search_synonyms.kind` is 'equivalent' (every term means the same, as
 * every row so far) or 'broader' (the first term covers the others: 裙子 ⊃ 连衣裙, 半身裙).
 * Frozen; imports only Kysely.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('search_synonyms')
    .addColumn('kind', 'text', (column) => column.notNull().defaultTo('equivalent'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('search_synonyms').dropColumn('kind').execute();
}
