import type { Logger } from '../log.ts';

/**
 * Group commit for append-only logs on the hot path (answered messages, searches): items are
 * written in batches every few milliseconds, one commit for many, instead of one durable commit
 * each. What is pending when the process dies is lost, so only logs whose loss is harmless go here.
 */
export interface WriteBehind<T> {
  push(item: T): void;
  /** Writes everything pending now (tests, shutdown). Resolves when the writes are done. */
  flush(): Promise<void>;
}

export function createWriteBehind<T>(
  write: (batch: T[]) => Promise<void>,
  options: {
    logger: Logger;
    name: string;
    flushMs?: number;
    maxBatch?: number;
  },
): WriteBehind<T> {
  const flushMs = options.flushMs ?? 5;
  const maxBatch = options.maxBatch ?? 500;
  const pending: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (pending.length > 0) {
      const batch = pending.splice(0, maxBatch);
      writing = writing.then(async () => {
        try {
          await write(batch);
        } catch (error) {
          options.logger.error({ err: error, rows: batch.length }, `${options.name}: batch write failed`);
        }
      });
    }
    return writing;
  }

  return {
    push(item) {
      pending.push(item);
      if (pending.length >= maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), flushMs).unref();
    },
    flush,
  };
}
