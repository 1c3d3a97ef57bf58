/**
 * Hot reads compiled once, run as the cached prepared statement straight on the SQLite connection,
 * skipping Kysely's executor: its connection mutex, promise hops and plugins cost more than the read
 * itself (a measurable share of a webhook message's CPU time under load,
 * bench/results/2026-11-22-webhook-2.txt).
 */
import type SQLite from 'better-sqlite3';
import type { CompiledQuery, Kysely, SqliteDatabase } from 'kysely';
import type { Tables } from '../schema.ts';

type DB = Kysely<Tables>;

/** The SQLite connection behind each Kysely instance openSqlite made. */
const directReads = new WeakMap<DB, { statements: SqliteDatabase; inTransaction: () => boolean }>();

/** Lets selectFirst / selectRows read `db`'s connection directly (open.ts, for each database it opens). */
export function enableDirectReads(db: DB, statements: SqliteDatabase, sqlite: SQLite.Database): void {
  directReads.set(db, { statements, inTransaction: () => sqlite.inTransaction });
}

/**
 * The first row of a read compiled once (a lookup by key on a hot path). On SQLite it runs as the
 * cached prepared statement straight on the connection. Only when that is what Kysely would do
 * anyway: `db` is the database itself, not a transaction, and no transaction is open on the
 * connection (another request's, between two of its awaits); otherwise the read could see
 * uncommitted rows, so it goes through Kysely, which queues it behind that transaction. PostgreSQL
 * always goes through Kysely.
 */
export async function selectFirst<Row>(db: DB, query: CompiledQuery<Row>): Promise<Row | undefined> {
  const statement = directStatement(db, query);
  if (statement !== undefined) return statement.get(query.parameters as unknown[]);
  return (await db.executeQuery(query)).rows[0];
}

/** Every row of a read compiled once, under the same rules as selectFirst. */
export async function selectRows<Row>(db: DB, query: CompiledQuery<Row>): Promise<Row[]> {
  const statement = directStatement(db, query);
  if (statement !== undefined) return statement.all(query.parameters as unknown[]);
  return (await db.executeQuery(query)).rows;
}

function directStatement<Row>(
  db: DB,
  query: CompiledQuery<Row>,
): SQLite.Statement<unknown[], Row> | undefined {
  const direct = directReads.get(db);
  if (direct === undefined || direct.inTransaction()) return undefined;
  return direct.statements.prepare(query.sql) as unknown as SQLite.Statement<unknown[], Row>;
}
