import { sql } from 'kysely';
import type { CompiledQuery } from 'kysely';
import { compiledOnce, insertCompiled } from '../sqlite/compiled-query.ts';
import { dialectOf } from '../dialect.ts';
import { selectFirst, selectRows } from '../sqlite/direct-reads.ts';
import { inRelaxedTransaction } from '../transaction.ts';
import { nowIso } from '../time.ts';
import type { Executor } from '../transaction.ts';

/** `missing`: no row for the key yet; `processing`: another delivery holds the claim; `done`: answered. */
export type InboundClaim =
  | { status: 'claimed' }
  | { status: 'missing' }
  | { status: 'processing' }
  | { status: 'done'; reply: string | null };

/**
 * Claims an incoming WeChat message for processing, by its dedupe key, across every instance: the
 * unique key makes exactly one insert win. Losers learn whether the winner has finished (and its reply).
 */
export async function claimInboundMessage(
  db: Executor,
  input: { dedupeKey: string; openid: string; msgType: string; event: string | null; content: string | null },
  now = nowIso(),
): Promise<InboundClaim> {
  const inserted = await db
    .insertInto('inbound_messages')
    .values({
      dedupe_key: input.dedupeKey,
      openid: input.openid,
      msg_type: input.msgType,
      event: input.event,
      content: input.content,
      status: 'processing',
      reply: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return { status: 'claimed' };
  return findInboundClaim(db, input.dedupeKey);
}

/*
 * The statements below run for every webhook message (the lookup) or every batch of them (the log):
 * they are compiled once per dialect and shape (compiled-query.ts).
 */

export async function findInboundClaim(db: Executor, dedupeKey: string): Promise<InboundClaim> {
  const lookup = compiledOnce(db, 'inbound claim', [dedupeKey], ([key]) =>
    db.selectFrom('inbound_messages').select(['status', 'reply']).where('dedupe_key', '=', key),
  );
  const row = await selectFirst(db, lookup);
  if (!row) return { status: 'missing' };
  if (row.status === 'processing') return { status: 'processing' };
  return { status: 'done', reply: row.reply };
}

/** A page of the log's dedupe keys in id order: `afterId` < id ≤ `upToId`, created at or after `since`. */
export interface InboundKeyPage {
  afterId: number;
  upToId: number;
  since: string;
  limit: number;
}

/**
 * The log's newest id, or 0 when it is empty. On SQLite ids grow in commit order and are never
 * reused (AUTOINCREMENT, one writer at a time), so reading "id > last seen" misses no committed row.
 */
export async function latestInboundId(db: Executor): Promise<number> {
  const query = compiledOnce(db, 'inbound latest id', [], () =>
    db.selectFrom('inbound_messages').select((eb) => eb.fn.max('id').as('id')),
  );
  return Number((await selectFirst(db, query))?.id ?? 0);
}

/**
 * The smallest id among the log's rows created at or after `since`, or undefined when there are
 * none: where a reader of the last minutes of the log starts (inbound-keys.ts, once per process).
 * Paging by id from the start instead made SQLite scan the whole log for those rows, in one
 * synchronous call, with the event loop blocked (bench/results/2026-12-05-webhook-7.txt). Asked for
 * `min(id)`, its
 * planner walks the primary key from the start just the same, so SQLite is told to use the
 * created_at index, which holds only the recent rows past `since`.
 */
export async function firstInboundIdSince(db: Executor, since: string): Promise<number | undefined> {
  const row = await selectFirst(db, firstInboundIdSinceQuery(db, since));
  return row?.id === null || row?.id === undefined ? undefined : Number(row.id);
}

/** The statement behind firstInboundIdSince (exported for the test of its query plan). */
export function firstInboundIdSinceQuery(db: Executor, since: string): CompiledQuery<{ id: number | null }> {
  const index = dialectOf(db) === 'sqlite' ? sql` indexed by inbound_messages_created_idx` : sql``;
  return sql<{
    id: number | null;
  }>`select min(id) as id from inbound_messages${index} where created_at >= ${since}`.compile(db);
}

export async function inboundKeysBetween(
  db: Executor,
  page: InboundKeyPage,
): Promise<{ id: number; dedupeKey: string }[]> {
  const query = compiledOnce(
    db,
    'inbound keys page',
    [page.afterId, page.upToId, page.since, page.limit],
    ([afterId, upToId, since, limit]) =>
      db
        .selectFrom('inbound_messages')
        // Named for callers in SQL: the rows go out as read (selectRows), no mapping per row.
        .select(['id', 'dedupe_key as dedupeKey'])
        .where('id', '>', afterId as number)
        .where('id', '<=', upToId as number)
        .where('created_at', '>=', since as string)
        .orderBy('id')
        .limit(limit as number),
  );
  return selectRows(db, query);
}

/** True when "id > last seen" is a complete way to follow the log (SQLite; see latestInboundId). */
export function inboundIdsFollowCommits(db: Executor): boolean {
  return dialectOf(db) === 'sqlite';
}

/** Stores the (plaintext) reply so WeChat's retries of the same message get the same answer. */
export async function completeInboundMessage(
  db: Executor,
  dedupeKey: string,
  reply: string | null,
  now = nowIso(),
): Promise<void> {
  await db
    .updateTable('inbound_messages')
    .set({ status: 'done', reply, updated_at: now })
    .where('dedupe_key', '=', dedupeKey)
    .execute();
}

/** Records the delivery result WeChat reports for a template message (TEMPLATESENDJOBFINISH). */
export async function recordTemplateDelivery(
  db: Executor,
  wechatMsgId: string,
  status: string,
  now = nowIso(),
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ delivery_status: status, updated_at: now })
    .where('wechat_msg_id', '=', wechatMsgId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface InboundLogRow {
  dedupeKey: string;
  openid: string;
  msgType: string;
  event: string | null;
  content: string | null;
  reply: string;
  at: string;
}

/**
 * Writes a batch of answered messages in one statement (one commit for many messages), and marks
 * their fans as seen. Keys already present are left alone: resolves with the keys this batch wrote,
 * whose messages it was the first to log (what follows the de-duplication claim, such as the
 * search a message made, is written for these only). The commit is a relaxed one
 * (inRelaxedTransaction): these rows are the write-behind log of messages already answered, whose
 * loss on a power cut costs nothing WeChat would notice, and a synchronous fsync here would stall
 * every request in flight.
 */
export async function saveInboundBatch(
  db: Executor,
  rows: readonly InboundLogRow[],
  /** Which fans to mark seen, and when (default: every row's fan). */
  seen: ReadonlyMap<string, string> = lastSeenOf(rows),
): Promise<string[]> {
  if (rows.length === 0 && seen.size === 0) return [];
  return inRelaxedTransaction(db, async (trx) => {
    const written: { dedupe_key: string }[] = await insertCompiled(
      trx,
      'inbound log',
      rows.map((row) => ({
        dedupe_key: row.dedupeKey,
        openid: row.openid,
        msg_type: row.msgType,
        event: row.event,
        content: row.content,
        status: 'done' as const,
        reply: row.reply,
        created_at: row.at,
        updated_at: row.at,
      })),
      (values) =>
        trx
          .insertInto('inbound_messages')
          .values(values)
          .onConflict((oc) => oc.column('dedupe_key').doNothing())
          .returning('dedupe_key'),
    );
    // One row per fan (Postgres refuses to update a row twice in one upsert).
    await insertCompiled(
      trx,
      'fans seen',
      [...seen].map(([openid, at]) => ({ openid, first_seen_at: at, last_seen_at: at })),
      (values) =>
        trx
          .insertInto('fans')
          .values(values)
          .onConflict((oc) =>
            oc.column('openid').doUpdateSet((eb) => ({ last_seen_at: eb.ref('excluded.last_seen_at') })),
          ),
    );
    return written.map((row) => row.dedupe_key);
  });
}

function lastSeenOf(rows: readonly InboundLogRow[]): Map<string, string> {
  const lastSeen = new Map<string, string>();
  for (const row of rows) lastSeen.set(row.openid, row.at);
  return lastSeen;
}
