import type { Kysely } from 'kysely';
import type { Tables } from './schema.ts';

/** Anything that runs queries: the database or an open transaction. Repositories accept either. */
export type Executor = Kysely<Tables>;

/**
 * Runs `work` in a transaction, or directly inside the caller's when `db` already is one, so a
 * repository call composes into a service's larger transaction. Never await the network in `work`
 * (reliability.md §3.2: on SQLite every other query waits).
 */
export async function inTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}
