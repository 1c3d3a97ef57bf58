import type { Fan } from '@weshop/core';
import type { Selectable } from 'kysely';
import type { FanTable } from '../schema.ts';
import { nowIso } from '../time.ts';
import { runCompiled } from '../sqlite/compiled-query.ts';
import type { Executor } from '../transaction.ts';

async function tagsOf(db: Executor, fanId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('fan_tag_assignments as a')
    .innerJoin('fan_tags as t', 't.id', 'a.tag_id')
    .select('t.name')
    .where('a.fan_id', '=', fanId)
    .orderBy('t.name')
    .execute();
  return rows.map((row) => row.name);
}

function toFan(row: Selectable<FanTable>, tags: string[]): Fan {
  return {
    id: row.id,
    openid: row.openid,
    unionid: row.unionid,
    nickname: row.nickname,
    avatarUrl: row.avatar_url,
    subscribed: row.subscribed === 1,
    subscribeScene: row.subscribe_scene,
    subscribedAt: row.subscribed_at,
    unsubscribedAt: row.unsubscribed_at,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    tags,
  };
}

export async function findFanByOpenid(db: Executor, openid: string): Promise<Fan | undefined> {
  const row = await db.selectFrom('fans').selectAll().where('openid', '=', openid).executeTakeFirst();
  return row && toFan(row, await tagsOf(db, row.id));
}

/** The fan's id by openid; undefined when no fan has that openid. */
export async function findFanId(db: Executor, openid: string): Promise<number | undefined> {
  const row = await db.selectFrom('fans').select('id').where('openid', '=', openid).executeTakeFirst();
  return row?.id;
}

/** The fan's id, creating the fan on first sight (touchFan) when no fan has that openid yet. */
export async function ensureFanId(db: Executor, openid: string, now = nowIso()): Promise<number> {
  const id = await findFanId(db, openid);
  if (id !== undefined) return id;
  await touchFan(db, openid, now);
  return (await findFanId(db, openid))!;
}

/** openid by fan id for the given fans (ids without a fan are left out). */
export async function findOpenids(db: Executor, fanIds: readonly number[]): Promise<Map<number, string>> {
  if (fanIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('fans')
    .select(['id', 'openid'])
    .where('id', 'in', [...new Set(fanIds)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.openid]));
}

/** Creates the fan on first sight (an OAuth login, a message) or updates last_seen_at. Never changes the follow state. */
export async function touchFan(db: Executor, openid: string, now = nowIso()): Promise<void> {
  await db
    .insertInto('fans')
    .values({ openid, first_seen_at: now, last_seen_at: now })
    .onConflict((oc) => oc.column('openid').doUpdateSet({ last_seen_at: now }))
    .execute();
}

/**
 * A follow: the fan is created or marked subscribed. The scene of the parametric QR code is kept
 * from the first follow that had one (attribution), and its follow count goes up.
 */
export async function recordSubscribe(
  db: Executor,
  input: { openid: string; scene: string | null },
  now = nowIso(),
): Promise<void> {
  await db
    .insertInto('fans')
    .values({
      openid: input.openid,
      subscribed: 1,
      subscribe_scene: input.scene,
      subscribed_at: now,
      first_seen_at: now,
      last_seen_at: now,
    })
    .onConflict((oc) =>
      oc.column('openid').doUpdateSet((eb) => ({
        subscribed: 1,
        subscribed_at: now,
        unsubscribed_at: null,
        last_seen_at: now,
        subscribe_scene: eb.fn.coalesce('fans.subscribe_scene', eb.val(input.scene)),
      })),
    )
    .execute();
  if (input.scene) {
    await db
      .updateTable('qr_scenes')
      .set((eb) => ({ follow_count: eb('follow_count', '+', 1) }))
      .where('scene', '=', input.scene)
      .execute();
  }
}

/** A follower scanned a parametric QR code. */
export async function recordScan(
  db: Executor,
  input: { openid: string; scene: string },
  now = nowIso(),
): Promise<void> {
  await touchFan(db, input.openid, now);
  await db
    .updateTable('qr_scenes')
    .set((eb) => ({ scan_count: eb('scan_count', '+', 1) }))
    .where('scene', '=', input.scene)
    .execute();
}

export async function recordUnsubscribe(db: Executor, openid: string, now = nowIso()): Promise<void> {
  await db
    .insertInto('fans')
    .values({ openid, subscribed: 0, unsubscribed_at: now, first_seen_at: now, last_seen_at: now })
    .onConflict((oc) =>
      oc.column('openid').doUpdateSet({ subscribed: 0, unsubscribed_at: now, last_seen_at: now }),
    )
    .execute();
}

/** The fan's stored balance in fen (0 before the first top-up). */
export async function findBalanceFen(db: Executor, openid: string): Promise<number> {
  const row = await db
    .selectFrom('balance_accounts as b')
    .innerJoin('fans as f', 'f.id', 'b.fan_id')
    .select('b.balance_fen')
    .where('f.openid', '=', openid)
    .executeTakeFirst();
  return row ? Number(row.balance_fen) : 0;
}

/** The fan's openid when they follow the account (notifications go only to them); compiled once. */
export async function subscribedOpenid(db: Executor, fanId: number): Promise<string | undefined> {
  const {
    rows: [fan],
  } = await runCompiled(db, 'fan follow state', [fanId], ([id]) =>
    db.selectFrom('fans').select(['openid', 'subscribed']).where('id', '=', id),
  );
  return fan && fan.subscribed === 1 ? fan.openid : undefined;
}
