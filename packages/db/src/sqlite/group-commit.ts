/**
 * Group commit for SQLite. With `synchronous=FULL` every COMMIT waits for an fsync (a fraction of a
 * millisecond on a quiet disk, several times that on a busy one,
 * bench/results/2026-11-22-checkout.txt), and SQLite commits one transaction at a time, so a stream of small
 * transactions is bounded by the disk, not the CPU. Here the transactions that queue up while one
 * batch runs go together in the next: one real transaction, each unit of work inside its own
 * SAVEPOINT (a failing unit rolls back to it and fails alone; a batch of one needs none), then ONE
 * commit. On a database file the commit does not wait for the disk on the event loop: it is written
 * with `synchronous=NORMAL` and the WAL is synced from the thread pool (wal-sync.ts), one sync for
 * up to two batches committed back to back, and every unit's caller gets its result only after
 * that sync. Nobody hears "done" before their data is on disk, and concurrency is what it was:
 * units run one after the other on the single connection.
 *
 * PostgreSQL needs none of this (the server groups WAL flushes itself and has a pool).
 */
import { CompiledQuery } from 'kysely';
import type { Kysely, SqliteDatabase } from 'kysely';
import type { Tables } from '../schema.ts';
import { onRelaxedConnection } from './pragmas.ts';
import { asDirectUnit } from './unit-statements.ts';
import type { WalSync } from './wal-sync.ts';

type Work = (trx: Kysely<Tables>) => Promise<unknown>;

interface Unit {
  work: Work;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Units per batch at most, so one batch's latency stays bounded. */
const MAX_BATCH = 64;
/**
 * Lets the event loop turn twice before a batch starts, so requests whose bytes already arrived get
 * through parsing and validation and join it. (A fixed 1 ms timer measured slower: it idles when
 * nothing else is coming.)
 */
const gather = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

const SAVEPOINT = CompiledQuery.raw('savepoint unit');
const RELEASE = CompiledQuery.raw('release unit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to unit');

export interface GroupCommit {
  run<T>(work: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  /**
   * Commits made, units run and WAL syncs waited for so far (units / batches = transactions per
   * commit; with a WAL sync, batches / syncs = commits per sync).
   */
  stats(): { batches: number; units: number; syncs: number };
}

/**
 * With `walSync`, each batch commits with `synchronous=NORMAL` on a connection held for the pragma,
 * the transaction and the pragma back, so nothing else ever commits relaxed; its units hear their
 * results once `walSync.durable()` says the commit is on disk, and meanwhile the next batch runs
 * (wal-sync.ts). Without it, the commit itself waits for the disk (`synchronous=FULL`).
 */
export interface GroupCommitOptions {
  /** Makes commits durable off the event loop (wal-sync.ts). */
  walSync?: WalSync | undefined;
  /** The connection's statements: units' compiled statements then run on them directly (unit-statements.ts). */
  statements?: SqliteDatabase | undefined;
}

export function createGroupCommit(db: Kysely<Tables>, options: GroupCommitOptions = {}): GroupCommit {
  const { walSync, statements } = options;
  const runUnit = (unit: Unit, trx: Kysely<Tables>) =>
    statements ? asDirectUnit(trx, statements, () => unit.work(trx)) : unit.work(trx);
  /**
   * A statement of the batch's own (pragma, savepoint) on the connection the batch holds: straight
   * on better-sqlite3 when we have it, like a unit's statements, else through Kysely.
   */
  const control = async (executor: Kysely<Tables>, query: CompiledQuery): Promise<void> => {
    if (statements) statements.prepare(query.sql).run([]);
    else await executor.executeQuery(query);
  };
  const queue: Unit[] = [];
  let draining = false;
  let batches = 0;
  let units = 0;

  /**
   * One transaction for the batch, a savepoint per unit; the outcomes once it committed. A batch of
   * one needs no savepoint (two statements fewer): when its unit fails, the whole transaction rolls
   * back and `committed` is false.
   */
  async function commitBatch(
    executor: Kysely<Tables>,
    batch: Unit[],
  ): Promise<{ outcomes: Outcome[]; committed: boolean }> {
    const trx = await executor.startTransaction().execute();
    const outcomes: Outcome[] = [];
    try {
      if (batch.length === 1) {
        try {
          outcomes.push({ ok: true, value: await runUnit(batch[0]!, trx) });
        } catch (error) {
          // The unit's own error is its answer, even if SQLite already ended the transaction.
          await trx
            .rollback()
            .execute()
            .catch(() => {});
          return { outcomes: [{ ok: false, error }], committed: false };
        }
      } else {
        // Each unit inside `savepoint unit` on the batch's transaction (the statements themselves,
        // not Kysely's savepoint builders: two compiles and two executor round trips a unit).
        for (const unit of batch) {
          await control(trx, SAVEPOINT);
          try {
            const value = await runUnit(unit, trx);
            await control(trx, RELEASE);
            outcomes.push({ ok: true, value });
          } catch (error) {
            await control(trx, ROLLBACK_TO);
            await control(trx, RELEASE);
            outcomes.push({ ok: false, error });
          }
        }
      }
      await trx.commit().execute();
    } catch (error) {
      // The commit (or a savepoint statement) failed: nothing of the batch is on disk.
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      throw error;
    }
    batches++;
    units += batch.length;
    return { outcomes, committed: true };
  }

  function settle(batch: Unit[], outcomes: Outcome[]): void {
    batch.forEach((unit, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }

  async function runBatch(batch: Unit[]): Promise<void> {
    let result: { outcomes: Outcome[]; committed: boolean };
    try {
      result = walSync
        ? await onRelaxedConnection(db, (connection) => commitBatch(connection, batch), control)
        : await commitBatch(db, batch);
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    const { outcomes, committed } = result;
    if (!walSync || !committed) {
      settle(batch, outcomes);
      return;
    }
    unsynced.push({ batch, outcomes });
  }

  /** Committed batches whose callers wait for the next WAL sync. */
  let unsynced: { batch: Unit[]; outcomes: Outcome[] }[] = [];

  /** Starts the WAL sync of every batch committed so far; not awaited: more batches run meanwhile. */
  function syncCommitted(): void {
    if (unsynced.length === 0) return;
    const committed = unsynced;
    unsynced = [];
    walSync!.durable().then(
      () => {
        for (const { batch, outcomes } of committed) settle(batch, outcomes);
      },
      (error: unknown) => {
        // Committed, but whether it reached the disk is unknown: nobody may hear "done".
        for (const { batch } of committed) for (const unit of batch) unit.reject(error);
      },
    );
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      for (;;) {
        // better-sqlite3 blocks the event loop while a batch runs, so nothing can join it then:
        // let requests already in flight queue up first. After a batch this also lets requests
        // arriving meanwhile commit before its WAL sync starts, so that one sync covers both
        // (each costs CPU, bench/results/2026-11-22-checkout-3.txt); at most two batches wait for one.
        if (queue.length < MAX_BATCH) await gather();
        if (queue.length === 0) break;
        await runBatch(queue.splice(0, MAX_BATCH));
        if (unsynced.length >= 2) syncCommitted();
      }
    } finally {
      draining = false;
      if (walSync) syncCommitted();
    }
  }

  return {
    run<T>(work: (trx: Kysely<Tables>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!draining) void drain();
      });
    },
    stats: () => ({ batches, units, syncs: walSync?.syncs() ?? batches }),
  };
}

const groupCommits = new WeakMap<Kysely<Tables>, GroupCommit>();

/** Makes `transactionWithRetry` on this database group its commits (SQLite only). */
export function enableGroupCommit(db: Kysely<Tables>, options: GroupCommitOptions = {}): void {
  groupCommits.set(db, createGroupCommit(db, options));
}

export function groupCommitOf(db: Kysely<Tables>): GroupCommit | undefined {
  return groupCommits.get(db);
}
