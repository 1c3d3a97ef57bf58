import { InsertionMap } from '@weshop/db/collections';
import { findInboundClaim, inRelaxedTransaction, logSearches, saveInboundBatch } from '@weshop/db';
import type { DB, InboundLogRow } from '@weshop/db';
import { SUCCESS_REPLY } from '@weshop/wechat';
import type { Logger } from '../../log.ts';
import type { LoggedSearch } from '../../services/catalog.ts';
import { createWriteBehindGroup } from '../../infra/write-behind.ts';
import type { WriteBehindGroup } from '../../infra/write-behind.ts';
import { createInboundKeys } from './inbound-keys.ts';
import type { InboundKeysOptions } from './inbound-keys.ts';

/**
 * The de-duplication log for messages whose handling changes nothing but the log itself (text,
 * menu clicks, …): the hot path of the webhook. Instead of one durable commit per message, answered
 * messages are written in batches every FLUSH_MS (group commit, without waiting for the disk:
 * saveInboundBatch), and duplicates that arrive before their batch is written are answered from
 * memory. WeChat retries a message only after 5 s without an answer, so a retry always finds the
 * stored reply; a crash of the process loses at most the last FLUSH_MS of log rows, a power cut the
 * rows since the last synced commit, all for messages already answered, which WeChat will not send
 * again.
 * Messages with side effects (follow, unsubscribe, template results) do not come here: they claim,
 * act and store their reply in one transaction.
 */
export interface InboundLog {
  /** The reply for `key`: remembered, in flight, or computed now (once) by `answer`. */
  reply(key: string, entry: InboundEntry, answer: () => Promise<string>): Promise<string>;
  /** Writes everything pending now (tests, shutdown). */
  flush(): Promise<void>;
}

/** A message log row before its answer: what the caller knows when the message arrives. */
interface LogEntry extends Omit<InboundLogRow, 'dedupeKey' | 'reply'> {
  /**
   * Searches the answer made, filled while answering. They are logged with the message's row and
   * only when that row is new: the instance that wins the de-duplication logs them, not every
   * instance the message reached (two can answer the same message within the write-behind's 50 ms).
   */
  searches?: LoggedSearch[];
}

type LoggedRow = InboundLogRow & Pick<LogEntry, 'searches'>;

export interface InboundEntry extends LogEntry {
  /** The message's CreateTime (unix seconds): lets inbound-keys.ts rule out a stored row without a read. */
  sentAtSeconds?: number;
}

/**
 * How often the log is written. A commit has a fixed cost (transaction, WAL pages, and now and then
 * a checkpoint that blocks the event loop) shared by the rows in it: at 500 messages/s, 50 ms batches
 * block the loop per message a fraction of what 5 ms batches did (SQLite,
 * bench/results/2026-11-22-webhook-2.txt). A row written 50 ms after its answer
 * changes nothing for de-duplication: duplicates meanwhile are answered from memory, and WeChat
 * retries only after 5 s without an answer.
 */
const FLUSH_MS = 50;
/** How long an answered message is remembered in memory, beyond its row in the database. */
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 20_000;
/** A fan's last_seen_at is rewritten at most this often; fans remembered for it at most. */
const SEEN_EVERY_MS = 60_000;
const SEEN_MAX = 100_000;

/** The reply the log holds for `key`, or undefined while it has no answered row for it. */
export async function storedReply(db: DB, key: string): Promise<string | undefined> {
  const claim = await findInboundClaim(db, key);
  return claim.status === 'done' ? (claim.reply ?? SUCCESS_REPLY) : undefined;
}

/** The logs written behind the answers, in one relaxed commit every FLUSH_MS. */
export function createLogGroup(db: DB, logger: Logger, maxBatch?: number): WriteBehindGroup<DB> {
  return createWriteBehindGroup<DB>({
    transaction: (work) => inRelaxedTransaction(db, work),
    logger,
    flushMs: FLUSH_MS,
    maxBatch,
  });
}

export function createInboundLog(
  db: DB,
  logger: Logger,
  options: {
    /** The group whose commits carry the log's rows (default: a group of its own). */
    group?: WriteBehindGroup<DB>;
    maxBatch?: number;
    now?: () => number;
    keys?: InboundKeysOptions;
  } = {},
): InboundLog {
  const now = options.now ?? Date.now;
  const stored = createInboundKeys(db, { now, ...options.keys });
  /**
   * Answers in flight and recently given. Kept for a minute, not just until the row is written: a
   * duplicate whose database read started before the row existed must still find the answer here.
   * Once the row is committed the reply itself is dropped (`reply` undefined: read it from the
   * log): keeping every reply for a minute made it outlive two young-generation collections, so
   * each was copied twice and then promoted, and those collections set the webhook's p99.
   * Not sharded (sharded-insertion-map.ts): at 20,000 entries V8's table rebuild stalls one
   * message now and then, but sharded, its four operations per message cost more than that in
   * alternating in-process runs (bench/results/2026-12-05-webhook-6.txt).
   */
  const recent = new InsertionMap<string, { reply: Promise<string> | undefined; until: number }>(
    REMEMBER_MAX,
  );
  // Fans' last_seen_at is written at most once a minute per fan (to the minute is what staff see;
  // WeChat's 48-hour customer-service window is counted in hours): most messages come in
  // conversations, and marking the fan again for each was a large share of the log's cost
  // (bench/results/2026-11-22-webhook-3.txt).
  const seenWritten = new InsertionMap<string, number>(SEEN_MAX);
  function fansToMark(batch: readonly InboundLogRow[]): Map<string, string> {
    const at = now();
    const fans = new Map<string, string>();
    for (const row of batch) {
      const written = seenWritten.get(row.openid);
      if (written !== undefined && written > at - SEEN_EVERY_MS && !fans.has(row.openid)) continue;
      fans.set(row.openid, row.at);
    }
    for (const openid of fans.keys()) seenWritten.set(openid, at, { renew: true });
    seenWritten.shiftWhile((written) => written <= at - SEEN_EVERY_MS);
    return fans;
  }
  const writer = (options.group ?? createLogGroup(db, logger, options.maxBatch)).log<LoggedRow>({
    name: 'wechat message log',
    async write(trx, batch) {
      const written = await saveInboundBatch(trx, batch, fansToMark(batch));
      const searches = searchesOf(batch, written);
      if (searches.length > 0) await logSearches(trx, searches);
    },
    written(batch) {
      for (const row of batch) {
        const entry = recent.get(row.dedupeKey);
        if (entry) entry.reply = undefined;
      }
    },
  });

  function remember(key: string, reply: Promise<string>): void {
    const at = now();
    recent.shiftWhile((entry) => entry.until <= at);
    recent.set(key, { reply, until: at + REMEMBER_MS }, { renew: true });
  }

  function recall(key: string): Promise<string> | undefined {
    const entry = recent.get(key);
    if (!entry || entry.until <= now()) return undefined;
    // The reply left memory when its row was committed (`written`): the row has it.
    return entry.reply ?? storedReply(db, key).then((reply) => reply ?? SUCCESS_REPLY);
  }

  /** Computes the answer, remembered at once so that duplicates meanwhile share it, then logged. */
  function answerOnce(key: string, entry: LogEntry, answer: () => Promise<string>) {
    const computing = answer().then((reply) => {
      writer.push({ ...entry, dedupeKey: key, reply });
      return reply;
    });
    remember(key, computing);
    computing.catch(() => recent.delete(key));
    return computing;
  }

  return {
    reply(key, { sentAtSeconds, ...entry }, answer) {
      const known = recall(key);
      if (known) return known;
      // The common case, a first delivery that the key index rules out, takes no await before the
      // answer: every await on this path is a promise and a microtask per message.
      const mayBeStored = sentAtSeconds === undefined || stored.mayBeStored(key, sentAtSeconds);
      if (mayBeStored === false) return answerOnce(key, entry, answer);
      return (async () => {
        const reply = (await mayBeStored) ? await storedReply(db, key) : undefined;
        if (reply !== undefined) return reply;
        return recall(key) ?? answerOnce(key, entry, answer);
      })();
    },
    flush: () => writer.flush(),
  };
}

/** The searches of the rows in `batch` that were written (won the de-duplication). */
function searchesOf(batch: readonly LoggedRow[], written: readonly string[]): LoggedSearch[] {
  if (!batch.some((row) => row.searches?.length)) return [];
  const won = new Set(written);
  return batch.flatMap((row) => (row.searches && won.has(row.dedupeKey) ? row.searches : []));
}
