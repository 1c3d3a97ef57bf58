/**
 * Staff login attempts (issue 15): one row per attempt (account as typed, address, outcome), the
 * state of the login throttle and the log staff read. It replaces `login_throttle`, whose hard lock of
 * an account after five failures let anyone lock the owner out. Frozen once released; imports only Kysely.
 *
 * - `username`: lower-cased as typed, whether or not such an account exists.
 * - `outcome`: `failure` is written before the password is checked (so parallel guesses count against
 *   each other), then turned into `success`, or `throttled` when the attempt was refused unchecked.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', (c) =>
      pg ? c.generatedByDefaultAsIdentity().primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) =>
      c.notNull().check(sql`outcome in ('success', 'failure', 'throttled')`),
    )
    .addColumn('created_at', pg ? 'timestamptz' : 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_attempts_username_idx')
    .on('login_attempts')
    .columns(['username', 'id'])
    .execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'id']).execute();
  await db.schema
    .createIndex('login_attempts_created_idx')
    .on('login_attempts')
    .column('created_at')
    .execute();
  await db.schema.dropTable('login_throttle').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const timestampType = pg ? 'timestamptz' : 'text';
  await db.schema.dropTable('login_attempts').execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_started_at', timestampType, (c) => c.notNull())
    .addColumn('locked_until', timestampType)
    .execute();
}
