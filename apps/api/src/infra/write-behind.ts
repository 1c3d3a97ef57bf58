import type { Logger } from '../log.ts';

/**
 * Group commit for append-only logs on the hot path (answered messages, searches): items are
 * written in batches every few milliseconds, one commit for many, instead of one durable commit
 * each. What is pending when the process dies is lost, so only logs whose loss is harmless go here.
 *
 * The logs of one group share the timer and the transaction: a chat search adds a row to the
 * message log and one to the search log, and two commits every FLUSH_MS blocked the event loop
 * twice as often (bench/results/2026-12-05-webhook-6.txt).
 */
export interface WriteBehind<T> {
  push(item: T): void;
  /** Writes everything pending now, in every log of the group (tests, shutdown). Resolves when done. */
  flush(): Promise<void>;
}

export interface WriteBehindLog<Trx, T> {
  name: string;
  /** Writes one batch inside the group's transaction. */
  write: (trx: Trx, batch: T[]) => Promise<void>;
  /** Called once the transaction holding `batch` has committed. */
  written?: (batch: T[]) => void;
}

export interface WriteBehindGroup<Trx> {
  log<T>(log: WriteBehindLog<Trx, T>): WriteBehind<T>;
  flush(): Promise<void>;
}

interface Member<Trx> {
  log: WriteBehindLog<Trx, unknown>;
  pending: unknown[];
}

export function createWriteBehindGroup<Trx>(options: {
  /** Runs `work` in one transaction, committed without waiting for the disk where the database allows. */
  transaction: (work: (trx: Trx) => Promise<void>) => Promise<void>;
  logger: Logger;
  flushMs?: number;
  /** Items per log per batch; a log reaching it is written at once. */
  maxBatch?: number;
}): WriteBehindGroup<Trx> {
  const flushMs = options.flushMs ?? 5;
  const maxBatch = options.maxBatch ?? 500;
  const members: Member<Trx>[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write(batches: { member: Member<Trx>; items: unknown[] }[]): Promise<void> {
    try {
      await options.transaction(async (trx) => {
        for (const { member, items } of batches) await member.log.write(trx, items);
      });
    } catch (error) {
      if (batches.length > 1) {
        // One log's failure must not lose the others' rows: each again in a transaction of its own.
        for (const batch of batches) await write([batch]);
        return;
      }
      const [{ member, items }] = batches as [(typeof batches)[number]];
      options.logger.error({ err: error, rows: items.length }, `${member.log.name}: batch write failed`);
      return;
    }
    for (const { member, items } of batches) {
      try {
        member.log.written?.(items);
      } catch (error) {
        options.logger.error({ err: error }, `${member.log.name}: after-write step failed`);
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (;;) {
      const batches = members
        .filter((member) => member.pending.length > 0)
        .map((member) => ({ member, items: member.pending.splice(0, maxBatch) }));
      if (batches.length === 0) return writing;
      writing = writing.then(() => write(batches));
    }
  }

  return {
    log<T>(log: WriteBehindLog<Trx, T>): WriteBehind<T> {
      const member: Member<Trx> = { log: log as WriteBehindLog<Trx, unknown>, pending: [] };
      members.push(member);
      return {
        push(item) {
          member.pending.push(item);
          if (member.pending.length >= maxBatch) void flush();
          else timer ??= setTimeout(() => void flush(), flushMs).unref();
        },
        flush,
      };
    },
    flush,
  };
}
