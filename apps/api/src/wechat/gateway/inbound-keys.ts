import {
  firstInboundIdSince,
  inboundIdsFollowCommits,
  inboundKeysBetween,
  latestInboundId,
} from '@weshop/db';
import { ShardedInsertionMap, shardsFor } from '@weshop/db/collections';
import type { DB } from '@weshop/db';

/**
 * Which dedupe keys the webhook's message log holds, followed in memory so that a first delivery
 * (almost every message) is told apart from a retry without a database lookup per message: under
 * load that lookup was the largest single cost of a webhook message after the HTTP stack
 * (bench/results/2026-11-22-webhook-3.txt). Every few milliseconds at most, the next message reads
 * the log's rows added since the last read (by any instance: SQLite ids grow in commit order), so a
 * row committed more than `refreshMs` ago is always known here. A retry from WeChat comes 5 s after
 * the first delivery, whose row is written within 50 ms of its answer (inbound-log.ts): it is found.
 *
 * Keys are kept for `keepMs` and at most `maxKeys` of them. Whenever keys are dropped the index
 * stops vouching for messages that may have arrived before the newest dropped one: a message is
 * decided here only when WeChat stamped it (CreateTime) more than `skewMs` after that moment, which
 * allows for our clock and WeChat's to differ by up to `skewMs`. Anything else (old messages,
 * PostgreSQL, where ids do not follow commits) is looked up in the database as before.
 */
export interface InboundKeys {
  /**
   * False only when the log certainly has no row for `key`; true means "look it up". Synchronous
   * unless the index is due for a read of the log (at most once per `refreshMs`).
   */
  mayBeStored(key: string, sentAtSeconds: number): boolean | Promise<boolean>;
}

export interface InboundKeysOptions {
  now?: () => number;
  /** How stale the index may be when a message is decided (default 20 ms). */
  refreshMs?: number;
  /** How long keys are kept (default 10 minutes: past WeChat's retries and any replay window). */
  keepMs?: number;
  maxKeys?: number;
  /** How far our clock and WeChat's may disagree (default 30 s). */
  skewMs?: number;
}

const PAGE = 5_000;

export function createInboundKeys(db: DB, options: InboundKeysOptions = {}): InboundKeys {
  if (!inboundIdsFollowCommits(db)) return { mayBeStored: () => true };
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? 20;
  const keepMs = options.keepMs ?? 10 * 60_000;
  const maxKeys = options.maxKeys ?? 300_000;
  const skewMs = options.skewMs ?? 30_000;

  /**
   * key → when it was learnt; insertion order (per shard) is learning order. Sharded: at its bound
   * a single Map's table rebuild stalled the event loop for tens of milliseconds
   * (sharded-insertion-map.ts; bench/results/2026-12-05-webhook-6.txt).
   */
  const keys = new ShardedInsertionMap<number>(Infinity, shardsFor(maxKeys));
  /** Messages stamped at or before this moment (ms) may have rows that are not in `keys`. */
  let vouchesAfter = Number.POSITIVE_INFINITY;
  let cursor = -1;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  async function readPages(afterId: number, upToId: number, since: string, at: number): Promise<void> {
    for (let from = afterId; ;) {
      const rows = await inboundKeysBetween(db, { afterId: from, upToId, since, limit: PAGE });
      for (const row of rows) keys.set(row.dedupeKey, at);
      if (rows.length < PAGE) return;
      from = rows[rows.length - 1]!.id;
    }
  }

  function forget(at: number): void {
    keys.shiftWhile((learnt) => {
      if (keys.size <= maxKeys && learnt >= at - keepMs) return false;
      vouchesAfter = Math.max(vouchesAfter, learnt);
      return true;
    });
  }

  async function read(): Promise<void> {
    const at = now();
    const latest = await latestInboundId(db);
    if (cursor < 0) {
      // First read: the keys of the last keepMs; older rows are the database's to answer for.
      vouchesAfter = at - keepMs;
      const since = new Date(at - keepMs).toISOString();
      const first = await firstInboundIdSince(db, since);
      if (first !== undefined) await readPages(first - 1, latest, since, at);
    } else if (latest > cursor) {
      await readPages(cursor, latest, '', at);
    }
    cursor = Math.max(cursor, latest);
    readAt = at;
    forget(at);
  }

  function fresh(): Promise<void> | undefined {
    if (now() - readAt <= refreshMs) return undefined;
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  }

  function decide(key: string, sentAtSeconds: number): boolean {
    if (keys.has(key)) return true;
    return !(sentAtSeconds * 1000 - skewMs > vouchesAfter);
  }

  return {
    mayBeStored(key, sentAtSeconds) {
      const pending = fresh();
      if (!pending) return decide(key, sentAtSeconds);
      // If the log cannot be read, say "look it up": the database answers for this message.
      return pending.then(
        () => decide(key, sentAtSeconds),
        () => true,
      );
    },
  };
}
