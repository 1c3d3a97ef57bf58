import { findInboundClaim, saveInboundBatch } from '@weshop/db';
import type { DB, InboundLogRow } from '@weshop/db';
import type { Logger } from '../log.ts';
import { createWriteBehind } from '../services/write-behind.ts';

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
  const inFlight = new Map<string, Promise<string>>();
  const writer = createWriteBehind<InboundLogRow>((batch) => saveInboundBatch(db, batch), {
    ...options,
    logger,
    name: 'wechat message log',
    // Until its row is written, a duplicate is answered from memory.
    onWritten: (batch) => batch.forEach((row) => inFlight.delete(row.dedupeKey)),
  });

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
        writer.push({ ...entry, dedupeKey: key, reply });
        return reply;
      } catch (error) {
        inFlight.delete(key);
        throw error;
      }
    },
    flush: () => writer.flush(),
  };
}
