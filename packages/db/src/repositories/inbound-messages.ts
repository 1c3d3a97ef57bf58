import { nowIso } from '../time.ts';
import { inTransaction } from '../transaction.ts';
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

export async function findInboundClaim(db: Executor, dedupeKey: string): Promise<InboundClaim> {
  const row = await db
    .selectFrom('inbound_messages')
    .select(['status', 'reply'])
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
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
 * their fans as seen. Keys already present are left alone.
 */
export async function saveInboundBatch(db: Executor, rows: readonly InboundLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('inbound_messages')
      .values(
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
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
    const lastSeen = new Map<string, string>();
    for (const row of rows) lastSeen.set(row.openid, row.at);
    await trx
      .insertInto('fans')
      .values([...lastSeen].map(([openid, at]) => ({ openid, first_seen_at: at, last_seen_at: at })))
      .onConflict((oc) =>
        oc.column('openid').doUpdateSet((eb) => ({ last_seen_at: eb.ref('excluded.last_seen_at') })),
      )
      .execute();
  });
}
