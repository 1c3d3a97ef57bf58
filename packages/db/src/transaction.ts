import type { Kysely } from 'kysely';
import { isRetryableTransactionError } from './errors.ts';
import { groupCommitOf } from './group-commit.ts';
import type { Tables } from './schema.ts';

/** Anything that runs queries: the database or an open transaction. Repositories accept either. */
export type Executor = Kysely<Tables>;

/**
 * Runs `work` in a transaction, or directly inside the caller's when `db` already is one, so a
 * repository call composes into a service's larger transaction. Never await the network in `work`
 * (docs/architecture.md#no-network-in-transaction: on SQLite every other query waits).
 */
export async function inTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}

/**
 * A transaction (or, given one, the caller's: then no retry). On PostgreSQL it runs again, up to `attempts`
 * times, when the server aborts it as a deadlock or serialization victim; on SQLite it joins the next
 * group commit (group-commit.ts). `work` must only touch the database through `trx`: it may run more
 * than once, and inside a group it must not wait for another transaction.
 */
export async function transactionWithRetry<T>(
  db: Executor,
  work: (trx: Executor) => Promise<T>,
  attempts = 3,
): Promise<T> {
  // SQLite: one commit (one fsync) for the transactions that queued meanwhile; no retries needed.
  if (db.isTransaction) return work(db);
  const group = groupCommitOf(db);
  if (group) return group.run(work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
    }
  }
}
