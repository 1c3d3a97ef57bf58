/**
 * Statements of a group-commit unit run straight on better-sqlite3. A unit's transaction holds the
 * only SQLite connection for the whole batch (group-commit.ts) and its statements run one after the
 * other, so going through Kysely's executor for each one (connection mutexes, promise hops, for
 * each of an order's ~20 statements: bench/results/2026-12-07-code-comment-numbers.md)
 * buys nothing: the prepared statement runs on the
 * same connection, inside the same transaction, exactly as Kysely's SQLite driver would run it.
 * Only while the unit runs: afterwards its executor goes back to Kysely, which refuses a finished
 * transaction.
 */
import type { CompiledQuery, QueryResult, SqliteDatabase } from 'kysely';

interface UnitConnection {
  statements: SqliteDatabase;
  running: boolean;
}

/** By the unit's transaction (a Kysely instance). */
const units = new WeakMap<object, UnitConnection>();

/** Lets `runInUnit` run `trx`'s statements directly while `work` runs. */
export async function asDirectUnit<T>(
  trx: object,
  statements: SqliteDatabase,
  work: () => Promise<T>,
): Promise<T> {
  const unit: UnitConnection = { statements, running: true };
  units.set(trx, unit);
  try {
    return await work();
  } finally {
    unit.running = false;
  }
}

/**
 * The statement's result when `db` is a running unit's transaction, run now as Kysely's SQLite
 * driver runs it (`all` for statements that return rows, `run` otherwise); undefined otherwise.
 * Throws what SQLite throws.
 */
export function runInUnit<R>(db: object, query: CompiledQuery<R>): QueryResult<R> | undefined {
  const unit = units.get(db);
  if (unit === undefined || !unit.running) return undefined;
  const statement = unit.statements.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return {
    rows: [],
    numAffectedRows: changes != null ? BigInt(changes) : undefined,
    insertId: lastInsertRowid != null ? BigInt(lastInsertRowid) : undefined,
  };
}
