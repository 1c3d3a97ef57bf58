/**
 * The notification outbox (docs/architecture.md#outbox): rows are queued in the caller's
 * transaction, claimed by workers with a lease in one statement (PostgreSQL adds FOR UPDATE SKIP LOCKED,
 * so concurrent claimers skip each other's rows; a SQLite UPDATE runs alone), sent outside any
 * transaction, then marked. A claim is fenced by its lease: a worker whose lease expired and was taken
 * over cannot overwrite the new holder's result.
 */
import { decodeCursor, IdSchema, toPage } from '@weshop/core';
import type {
  OutboxAttempt,
  OutboxKind,
  OutboxMessage,
  OutboxMessageDetail,
  OutboxOutcome,
  OutboxStatus,
  Page,
} from '@weshop/core';
import { sql } from 'kysely';
import type { Selectable, SelectQueryBuilder } from 'kysely';
import { dialectOf } from '../dialect.ts';
import type { OutboxAttemptTable, OutboxTable, Tables } from '../schema.ts';
import { nowIso } from '../time.ts';
import { affectedRows, runCompiled } from '../sqlite/compiled-query.ts';
import { inTransaction } from '../transaction.ts';
import type { Executor } from '../transaction.ts';

export interface OutboxEnqueueInput {
  /** Idempotency key, also WeChat's client_msg_id (≤ 64 bytes). */
  dedupeKey: string;
  kind: OutboxKind;
  openid: string | null;
  /** Serialised as JSON. */
  payload: unknown;
}

/** Queues a message; a second row with the same dedupe key is ignored. True when this call added it. */
export async function enqueueOutbox(
  db: Executor,
  input: OutboxEnqueueInput,
  now = nowIso(),
): Promise<boolean> {
  if (Buffer.byteLength(input.dedupeKey, 'utf8') > 64) {
    throw new RangeError(`outbox dedupe key longer than 64 bytes: ${input.dedupeKey}`);
  }
  // Every payment and shipment queues one: compiled once (compiled-query.ts).
  const result = await runCompiled(
    db,
    'outbox enqueue',
    [input.dedupeKey, input.kind, input.openid, JSON.stringify(input.payload), now],
    ([dedupeKey, kind, openid, payload, at]) =>
      db
        .insertInto('outbox')
        .values({
          dedupe_key: dedupeKey,
          kind,
          openid,
          payload,
          status: 'pending',
          next_attempt_at: at,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing()),
  );
  return affectedRows(result) > 0;
}

/** A row leased to one worker. `attempt` and `leaseUntil` fence its result (see completeOutbox). */
export interface ClaimedOutbox {
  id: number;
  dedupeKey: string;
  kind: OutboxKind;
  openid: string | null;
  payload: unknown;
  /** This attempt's number (1 for the first). */
  attempt: number;
  leaseUntil: string;
}

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
  /** ISO instant. */
  now: string;
}

/**
 * Leases up to `limit` due rows: pending ones whose time has come, and rows left `sending` by a worker
 * whose lease ran out (it died, or hangs). One statement, no transaction held.
 */
export async function claimOutbox(db: Executor, options: ClaimOptions): Promise<ClaimedOutbox[]> {
  const { now, limit } = options;
  if (limit < 1) return [];
  const leaseUntil = new Date(Date.parse(now) + options.leaseMs).toISOString();
  const postgres = dialectOf(db) === 'postgres';
  // Two statements, each an index range that stops at the limit: rows whose lease ran out (few), then
  // pending rows in due order. (One OR over both made SQLite read and sort every pending row.)
  const lease = (ids: SelectQueryBuilder<Tables, 'outbox', { id: number }>) =>
    db
      .updateTable('outbox')
      .set((eb) => ({
        status: 'sending',
        lease_until: leaseUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', postgres ? ids.forUpdate().skipLocked() : ids)
      .returning(['id', 'dedupe_key', 'kind', 'openid', 'payload', 'attempts'])
      .execute();
  const due = db.selectFrom('outbox').select('id');
  const expired = await lease(
    due
      .where('status', '=', 'sending')
      .where('lease_until', '<=', now)
      .orderBy('lease_until')
      .orderBy('id')
      .limit(limit),
  );
  const pending =
    expired.length < limit
      ? await lease(
          due
            .where('status', '=', 'pending')
            .where('next_attempt_at', '<=', now)
            .orderBy('next_attempt_at')
            .orderBy('id')
            .limit(limit - expired.length),
        )
      : [];
  return [...expired, ...pending]
    .map((row) => ({
      id: row.id,
      dedupeKey: row.dedupe_key,
      kind: row.kind,
      openid: row.openid,
      payload: JSON.parse(row.payload) as unknown,
      attempt: row.attempts,
      leaseUntil,
    }))
    .sort((a, b) => a.id - b.id);
}

/** The result of one attempt, to be written back. */
export interface OutboxResult {
  claim: Pick<ClaimedOutbox, 'id' | 'attempt' | 'leaseUntil'>;
  outcome: OutboxOutcome;
  errcode?: number | null;
  error?: string | null;
  durationMs: number;
  /** For `sent`. */
  wechatMsgId?: string | null;
  /** For `retry` and `paused`: when to try again (ISO). */
  nextAttemptAt?: string;
}

/**
 * Writes the results of attempts in one short transaction: the row's new status and one attempt log row
 * each. A row whose lease was taken over meanwhile keeps the new holder's state (its log row is still
 * written: the attempt happened). `paused` gives the attempt back (a quota is not the message's fault).
 * `beforeCommit` runs inside the transaction after the writes (the crash test's `after_mark` failpoint).
 * Returns how many rows were updated.
 */
export async function completeOutbox(
  db: Executor,
  results: readonly OutboxResult[],
  options: { now?: string; beforeCommit?: () => void } = {},
): Promise<number> {
  if (results.length === 0) return 0;
  const now = options.now ?? nowIso();
  return inTransaction(db, async (trx) => {
    let updated = 0;
    // The common case, sent, is one statement per chunk (a round trip per row is too slow on PostgreSQL).
    const sent = results.filter((result) => result.outcome === 'sent');
    for (let start = 0; start < sent.length; start += SENT_CHUNK) {
      updated += await markSent(trx, sent.slice(start, start + SENT_CHUNK), now);
    }
    for (const result of results) {
      if (result.outcome === 'sent') continue;
      const { claim, outcome } = result;
      const errcode = result.errcode ?? null;
      const error = result.error === undefined || result.error === null ? null : result.error.slice(0, 500);
      const base = trx
        .updateTable('outbox')
        .where('id', '=', claim.id)
        .where('status', '=', 'sending')
        .where('attempts', '=', claim.attempt)
        .where('lease_until', '=', claim.leaseUntil);
      const retryAt = result.nextAttemptAt ?? now;
      const update =
        outcome === 'failed'
          ? base.set({
              status: 'failed',
              lease_until: null,
              last_errcode: errcode,
              last_error: error,
              updated_at: now,
            })
          : base.set((eb) => ({
              status: 'pending',
              next_attempt_at: retryAt,
              lease_until: null,
              last_errcode: errcode,
              last_error: error,
              updated_at: now,
              ...(outcome === 'paused' ? { attempts: eb('attempts', '-', 1) } : {}),
            }));
      const done = await update.executeTakeFirst();
      updated += Number(done.numUpdatedRows);
    }
    await trx
      .insertInto('outbox_attempts')
      .values(
        results.map((result) => ({
          outbox_id: result.claim.id,
          attempt: result.claim.attempt,
          outcome: result.outcome,
          errcode: result.errcode ?? null,
          error: result.error ? result.error.slice(0, 500) : null,
          duration_ms: Math.max(0, Math.round(result.durationMs)),
          created_at: now,
        })),
      )
      .execute();
    options.beforeCommit?.();
    return updated;
  });
}

const SENT_CHUNK = 200;

/** Marks sent rows in one UPDATE; each row still fenced by its own claim. */
async function markSent(trx: Executor, sent: readonly OutboxResult[], now: string): Promise<number> {
  const msgIds = sql.join(
    sent.map((result) => sql`when ${result.claim.id} then ${result.wechatMsgId ?? null}`),
    sql` `,
  );
  const fences = sent.map(
    ({ claim }) =>
      sql`(id = ${claim.id} and attempts = ${claim.attempt} and lease_until = ${claim.leaseUntil})`,
  );
  const done = await trx
    .updateTable('outbox')
    .set({
      status: 'sent',
      sent_at: now,
      wechat_msg_id: sql<string | null>`case id ${msgIds} end`,
      lease_until: null,
      updated_at: now,
    })
    .where('status', '=', 'sending')
    // Raw SQL here: the expression builder costs more CPU than the statement itself at batch sizes.
    .where(sql<boolean>`(${sql.join(fences, sql` or `)})`)
    .executeTakeFirst();
  return Number(done.numUpdatedRows);
}

function toMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    kind: row.kind,
    openid: row.openid,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    lastErrcode: row.last_errcode,
    lastError: row.last_error,
    wechatMsgId: row.wechat_msg_id,
    deliveryStatus: row.delivery_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sentAt: row.sent_at,
  };
}

function toAttempt(row: Selectable<OutboxAttemptTable>): OutboxAttempt {
  return {
    id: row.id,
    attempt: row.attempt,
    outcome: row.outcome,
    errcode: row.errcode,
    error: row.error,
    durationMs: row.duration_ms,
    createdAt: row.created_at,
  };
}

export interface OutboxListQuery {
  status?: OutboxStatus | undefined;
  openid?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

const OutboxCursor = [IdSchema] as const;

/** The notification log, newest first, keyset-paginated on id. */
export async function listOutbox(db: Executor, query: OutboxListQuery): Promise<Page<OutboxMessage>> {
  let select = db.selectFrom('outbox').selectAll();
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.openid !== undefined) select = select.where('openid', '=', query.openid);
  if (query.cursor !== undefined) {
    const [afterId] = decodeCursor(query.cursor, OutboxCursor);
    select = select.where('id', '<', afterId);
  }
  const rows = await select
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toMessage), query.limit, (message) => [message.id]);
}

/** One message with every attempt, oldest first. */
export async function findOutbox(db: Executor, id: number): Promise<OutboxMessageDetail | undefined> {
  const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const attempts = await db
    .selectFrom('outbox_attempts')
    .selectAll()
    .where('outbox_id', '=', id)
    .orderBy('id')
    .execute();
  return { ...toMessage(row), attemptLog: attempts.map(toAttempt) };
}

export async function findOutboxByKey(db: Executor, dedupeKey: string): Promise<OutboxMessage | undefined> {
  const row = await db
    .selectFrom('outbox')
    .selectAll()
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return row && toMessage(row);
}

/**
 * Sends a failed message again: back to pending, due now, with a fresh retry budget (the attempt log keeps
 * the earlier attempts). Only a failed row: anything else answers 'not_failed'.
 */
export async function retryOutbox(
  db: Executor,
  id: number,
  now = nowIso(),
): Promise<'retried' | 'not_found' | 'not_failed'> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'pending', next_attempt_at: now, attempts: 0, lease_until: null, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return 'retried';
  const exists = await db.selectFrom('outbox').select('id').where('id', '=', id).executeTakeFirst();
  return exists ? 'not_failed' : 'not_found';
}

/** Rows per status (the worker's progress, tests and benchmarks). */
export async function countOutboxByStatus(db: Executor): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
    .groupBy('status')
    .execute();
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}
