import { findInboundClaim, saveInboundBatch } from '@weshop/db';
import type { DB, InboundLogRow } from '@weshop/db';
import type { Logger } from '../log.ts';

/**
 * The de-duplication log for messages whose handling changes nothing but the log itself (text,
 * menu clicks, …): the hot path of the webhook. Instead of one durable commit per message, answered
 * messages are written in batches every few milliseconds (group commit), and duplicates that arrive
 * before their batch is written are answered from memory. WeChat retries a message only after 5 s
 * without an answer, so a retry always finds the stored reply; a crash loses at most the last few
 * milliseconds of log rows for messages already answered, which WeChat will not send again.
 * Messages with side effects (follow, unsubscribe, template results) do not come here: they claim,
 * act and store their reply in one transaction.
 */
export interface InboundLog {
  /** The reply for `key`: remembered, in flight, or computed now (once) by `answer`. */
  reply(
    key: string,
    entry: Omit<InboundLogRow, 'dedupeKey' | 'reply'>,
    answer: () => Promise<string>,
  ): Promise<string>;
  /** Writes everything pending now (tests, shutdown). */
  flush(): Promise<void>;
}

export function createInboundLog(
  db: DB,
  logger: Logger,
  options: { flushMs?: number; maxBatch?: number } = {},
): InboundLog {
  const flushMs = options.flushMs ?? 5;
  const maxBatch = options.maxBatch ?? 500;
  const inFlight = new Map<string, Promise<string>>();
  let pending: InboundLogRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write(batch: InboundLogRow[]): Promise<void> {
    try {
      await saveInboundBatch(db, batch);
    } catch (error) {
      logger.error({ err: error, rows: batch.length }, 'wechat: could not write the message log');
    } finally {
      for (const row of batch) inFlight.delete(row.dedupeKey);
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (pending.length > 0) {
      const batch = pending.splice(0, maxBatch);
      writing = writing.then(() => write(batch));
    }
    pending = [];
    return writing;
  }

  function schedule(): void {
    if (pending.length >= maxBatch) void flush();
    else if (!timer) timer = setTimeout(() => void flush(), flushMs).unref();
  }

  return {
    async reply(key, entry, answer) {
      const known = inFlight.get(key);
      if (known) return known;
      const stored = await findInboundClaim(db, key);
      if (stored.status === 'done') return stored.reply ?? 'success';
      const again = inFlight.get(key);
      if (again) return again;
      const computing = answer();
      inFlight.set(key, computing);
      try {
        const reply = await computing;
        pending.push({ ...entry, dedupeKey: key, reply });
        schedule();
        return reply;
      } catch (error) {
        inFlight.delete(key);
        throw error;
      }
    },
    flush,
  };
}
