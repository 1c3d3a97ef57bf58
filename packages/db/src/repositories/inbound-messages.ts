import { CompiledQuery } from 'kysely';
import type { Compilable } from 'kysely';
import { dialectOf, inRelaxedTransaction, selectFirst } from '../database.ts';
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

/**
 * The statements below run for every webhook message (the lookup) or every batch of them (the log).
 * Kysely builds and compiles a query tree on each call, which costs more than SQLite takes to run a
 * short statement, so each is compiled once per dialect and shape (`key`) and then run by its SQL
 * text with fresh parameters; on SQLite the statement cache (database.ts) then reuses the prepared
 * statement. `build` must put its parameters in the order the caller passes them.
 */
const compiledSql = new Map<string, string>();

function compiledOnce<R>(
  db: Executor,
  key: string,
  build: () => Compilable<R>,
  parameters: unknown[],
): CompiledQuery<R> {
  const cacheKey = `${dialectOf(db)}:${key}`;
  let sqlText = compiledSql.get(cacheKey);
  if (sqlText === undefined) {
    const compiled = build().compile();
    if (compiled.parameters.length !== parameters.length) {
      throw new Error(
        `${key}: compiled with ${compiled.parameters.length} parameters, given ${parameters.length}`,
      );
    }
    sqlText = compiled.sql;
    compiledSql.set(cacheKey, sqlText);
  }
  return CompiledQuery.raw(sqlText, parameters);
}

export async function findInboundClaim(db: Executor, dedupeKey: string): Promise<InboundClaim> {
  const lookup = compiledOnce(
    db,
    'inbound claim',
    () => db.selectFrom('inbound_messages').select(['status', 'reply']).where('dedupe_key', '=', dedupeKey),
    [dedupeKey],
  );
  const row = await selectFirst(db, lookup);
  if (!row) return { status: 'missing' };
  if (row.status === 'processing') return { status: 'processing' };
  return { status: 'done', reply: row.reply };
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
 * their fans as seen. Keys already present are left alone. The commit is a relaxed one
 * (inRelaxedTransaction): these rows are the write-behind log of messages already answered, whose
 * loss on a power cut costs nothing WeChat would notice, and a synchronous fsync here would stall
 * every request in flight.
 */
export async function saveInboundBatch(db: Executor, rows: readonly InboundLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await inRelaxedTransaction(db, async (trx) => {
    for (let start = 0; start < rows.length; start += BATCH_CHUNK) {
      const chunk = rows.slice(start, start + BATCH_CHUNK);
      await trx.executeQuery(insertLogRows(trx, chunk));
      const lastSeen = new Map<string, string>();
      for (const row of chunk) lastSeen.set(row.openid, row.at);
      await trx.executeQuery(markFansSeen(trx, lastSeen));
    }
  });
}

/** Rows per statement: bounds the statement shapes compiled and cached to BATCH_CHUNK per table. */
const BATCH_CHUNK = 50;
const PLACEHOLDER = '?';

function insertLogRows(db: Executor, rows: readonly InboundLogRow[]): CompiledQuery {
  const parameters: unknown[] = [];
  for (const row of rows) {
    parameters.push(
      row.dedupeKey,
      row.openid,
      row.msgType,
      row.event,
      row.content,
      'done',
      row.reply,
      row.at,
      row.at,
    );
  }
  // Same column order as the parameters above; every value a parameter (placeholders are not null).
  const placeholderRow = {
    dedupe_key: PLACEHOLDER,
    openid: PLACEHOLDER,
    msg_type: PLACEHOLDER,
    event: PLACEHOLDER,
    content: PLACEHOLDER,
    status: 'done' as const,
    reply: PLACEHOLDER,
    created_at: PLACEHOLDER,
    updated_at: PLACEHOLDER,
  };
  return compiledOnce(
    db,
    `inbound log × ${rows.length}`,
    () =>
      db
        .insertInto('inbound_messages')
        .values(rows.map(() => placeholderRow))
        .onConflict((oc) => oc.column('dedupe_key').doNothing()),
    parameters,
  );
}

/** One row per fan (Postgres refuses to update a row twice in one upsert). */
function markFansSeen(db: Executor, lastSeen: ReadonlyMap<string, string>): CompiledQuery {
  const parameters: unknown[] = [];
  for (const [openid, at] of lastSeen) parameters.push(openid, at, at);
  const placeholderRow = { openid: PLACEHOLDER, first_seen_at: PLACEHOLDER, last_seen_at: PLACEHOLDER };
  return compiledOnce(
    db,
    `fans seen × ${lastSeen.size}`,
    () =>
      db
        .insertInto('fans')
        .values([...lastSeen.keys()].map(() => placeholderRow))
        .onConflict((oc) =>
          oc.column('openid').doUpdateSet((eb) => ({ last_seen_at: eb.ref('excluded.last_seen_at') })),
        ),
    parameters,
  );
}
