/**
 * Group commit for SQLite. With `synchronous=FULL` every COMMIT waits for an fsync (0.5 ms on a quiet
 * disk, several ms on a busy one), and SQLite commits one transaction at a time, so a stream of small
 * transactions is bounded by the disk, not the CPU. Here the transactions that queue up while one
 * commit is in flight run together in the next batch: one real transaction, each unit of work inside
 * its own SAVEPOINT (a failing unit rolls back to it and fails alone), then ONE commit, after which
 * every unit's caller gets its result. Nobody hears "done" before their data is on disk, and
 * concurrency is what it was: units run one after the other on the single connection.
 *
 * PostgreSQL needs none of this (the server groups WAL flushes itself and has a pool).
 */
import type { Kysely } from 'kysely';
import type { Tables } from './schema.ts';

type Work = (trx: Kysely<Tables>) => Promise<unknown>;

interface Unit {
  work: Work;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Units per batch at most, so one batch's latency stays bounded. */
const MAX_BATCH = 64;
/**
 * Lets the event loop turn twice before a batch starts, so requests whose bytes already arrived get
 * through parsing and validation and join it. (A fixed 1 ms timer measured slower: it idles when
 * nothing else is coming.)
 */
const gather = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

export interface GroupCommit {
  run<T>(work: (trx: Kysely<Tables>) => Promise<T>): Promise<T>;
  /** Commits made and units run so far (units / batches = how much each fsync was shared). */
  stats(): { batches: number; units: number };
}

export function createGroupCommit(db: Kysely<Tables>): GroupCommit {
  const queue: Unit[] = [];
  let draining = false;
  let batches = 0;
  let units = 0;

  async function runBatch(batch: Unit[]): Promise<void> {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    let trx;
    try {
      trx = await db.startTransaction().execute();
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    try {
      for (const unit of batch) {
        const savepoint = await trx.savepoint('unit').execute();
        try {
          const value = await unit.work(savepoint);
          await savepoint.releaseSavepoint('unit').execute();
          outcomes.push({ ok: true, value });
        } catch (error) {
          await savepoint.rollbackToSavepoint('unit').execute();
          await savepoint.releaseSavepoint('unit').execute();
          outcomes.push({ ok: false, value: error });
        }
      }
      await trx.commit().execute();
      batches++;
      units += batch.length;
    } catch (error) {
      // The commit (or a savepoint statement) failed: nothing of the batch is on disk.
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      for (const unit of batch) unit.reject(error);
      return;
    }
    batch.forEach((unit, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.value);
    });
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (queue.length > 0) {
        // better-sqlite3 blocks the event loop during the fsync, so nothing can join a batch once it
        // runs: let requests already in flight queue up first.
        if (queue.length < MAX_BATCH) await gather();
        await runBatch(queue.splice(0, MAX_BATCH));
      }
    } finally {
      draining = false;
    }
  }

  return {
    run<T>(work: (trx: Kysely<Tables>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!draining) void drain();
      });
    },
    stats: () => ({ batches, units }),
  };
}

const groupCommits = new WeakMap<Kysely<Tables>, GroupCommit>();

/** Makes `transactionWithRetry` on this database group its commits (SQLite only). */
export function enableGroupCommit(db: Kysely<Tables>): void {
  groupCommits.set(db, createGroupCommit(db));
}

export function groupCommitOf(db: Kysely<Tables>): GroupCommit | undefined {
  return groupCommits.get(db);
}
