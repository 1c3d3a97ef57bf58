/**
 * Transactions: three entry points, one rule. Pick by what the work is, never by the dialect.
 *
 * 1. `transactionWithRetry(db, work)`: a use case. A service in apps/api that changes state for a
 *    request or a job (place, pay, cancel, ship an order, adjust a balance) runs all its writes and
 *    the outbox row of its notification in one of these. On SQLite it joins the next group commit
 *    (sqlite/group-commit.ts: one commit and one disk sync for the transactions that queued
 *    meanwhile, the sync off the event loop); on PostgreSQL it runs `work` again when the server
 *    aborts it as a deadlock or serialization victim. So `work` may run more than once: it touches
 *    the database only through `trx`, never awaits the network, and never waits for another
 *    transaction.
 * 2. `inTransaction(db, work)`: a repository function whose statements must go together
 *    (createProduct, applyLedgerEntry, completeOutbox, rebuildSearchIndex …). Given a transaction it
 *    simply joins it, so it composes into a use case's; given the database it runs one plain
 *    transaction (no group, no retry, a FULL commit on SQLite). A caller outside packages/db uses it
 *    only for work that must run exactly once as written: the webhook's claim of a message, whose
 *    duplicates wait on the claim's unique key and which WeChat itself retries.
 * 3. `inRelaxedTransaction(db, work)`: only for append-only logs written behind the fact (the
 *    webhook's message log and search log, through the write-behind writer). Its commit does not
 *    wait for the disk: a power cut may lose the last rows, an application crash never does.
 *
 * Never call `db.transaction()` directly outside this file and sqlite/; tests and benches may.
 * Whatever the entry point, do not await the network inside `work`: on SQLite every other query
 * waits for the one connection meanwhile.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf } from './dialect.ts';
import { isRetryableTransactionError } from './errors.ts';
import type { Tables } from './schema.ts';
import { groupCommitOf } from './sqlite/group-commit.ts';
import { onRelaxedConnection } from './sqlite/pragmas.ts';

/** Anything that runs queries: the database or an open transaction. Repositories accept either. */
export type Executor = Kysely<Tables>;

/**
 * Runs `work` in a transaction, or directly inside the caller's when `db` already is one, so a
 * repository call composes into a service's larger transaction.
 */
export async function inTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(work);
}

/**
 * A transaction (or, given one, the caller's: then no retry). On PostgreSQL it runs again, up to `attempts`
 * times, when the server aborts it as a deadlock or serialization victim; on SQLite it joins the next
 * group commit (sqlite/group-commit.ts). `work` must only touch the database through `trx`: it may run
 * more than once, and inside a group it must not wait for another transaction.
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

/**
 * A transaction whose commit does not wait for the disk: for append-only logs that are written
 * behind the fact (the webhook's message log) and whose last rows may be lost on a power cut or OS
 * crash, never on an application crash, and never corrupting anything. On SQLite it commits with
 * `synchronous=NORMAL`: in WAL mode the commit appends to the WAL without an fsync (the next FULL
 * commit or checkpoint syncs it), where FULL would block the event loop for an fsync on every batch
 * (bench/results/2026-11-22-checkout.txt). The connection is held for the pragma, the transaction and
 * the pragma back (sqlite/pragmas.ts), so no other query ever runs relaxed. On PostgreSQL it is
 * `SET LOCAL synchronous_commit = off`, the same trade-off for this transaction only. Inside a
 * caller's transaction it simply joins it (and its durability).
 */
export async function inRelaxedTransaction<T>(db: Executor, work: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  if (dialectOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  return onRelaxedConnection(db, (connection) => connection.transaction().execute(work));
}
