/**
 * webhook_replays: which body each signed (timestamp, nonce) of POST /wechat came with, so that a
 * captured signature cannot carry another body while its timestamp is fresh (±300 s). Rows are
 * needed for minutes only and pruned by the log retention job. Frozen; imports only Kysely.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('webhook_replays')
    .addColumn('id', 'integer', (c) =>
      pg ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement(),
    )
    // `<timestamp>:<nonce>` as signed by WeChat.
    .addColumn('stamp', 'text', (c) => c.notNull().unique())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', pg ? 'timestamptz' : 'text', (c) =>
      c.notNull().defaultTo(pg ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    )
    .execute();
  await db.schema
    .createIndex('webhook_replays_created_idx')
    .on('webhook_replays')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_replays').execute();
}
