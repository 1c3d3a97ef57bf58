import { openDatabase } from '@weshop/db';
import type { Database } from '@weshop/db';
import { createTestDatabase, testDialects } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { signWebhook } from '../wechat/gateway/signing.ts';

/**
 * Issue 15 item 5: an event that meets a busy database is not lost. Its claim was not committed, so
 * it is answered so that WeChat retries (docs/wechat.md#deadline), and the retry records it once.
 */
const HOLD_MS = 5_000;

describe.each(testDialects())('/wechat while another connection holds a lock on %s', (dialect) => {
  let database: TestDatabase;
  let other: Database;
  let t: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { file: true });
    other = await openDatabase(database.config, { migrate: false });
    t = await createTestApp(dialect, { sharedDatabase: database });
  });
  afterAll(async () => {
    await t.close();
    await other.close();
    await database.close();
  });

  /**
   * Holds SQLite's write lock (BEGIN IMMEDIATE) or an exclusive lock on PostgreSQL's fans table for
   * HOLD_MS on another connection; resolves `taken` once held, `released` once let go.
   */
  function holdLock(): { taken: Promise<void>; released: Promise<void> } {
    let taken!: () => void;
    const isTaken = new Promise<void>((resolve) => (taken = resolve));
    const released = other.db.connection().execute(async (connection) => {
      if (dialect === 'sqlite') await sql`begin immediate`.execute(connection);
      else {
        await sql`begin`.execute(connection);
        await sql`lock table fans in access exclusive mode`.execute(connection);
      }
      taken();
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      await sql`commit`.execute(connection);
    });
    return { taken: isTaken, released };
  }

  it('records a follow that met the lock once WeChat retries it, exactly once', async () => {
    await database.db.insertInto('qr_scenes').values({ scene: 'busy-1', name: '锁' }).execute();
    const fan = `oBusy${Math.random().toString(36).slice(2, 12)}`;
    const follow = signWebhook(
      { appId: t.config.wechat.appId, token: t.config.wechat.token },
      {
        ToUserName: 'gh_test_account',
        FromUserName: fan,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'event',
        Event: 'subscribe',
        EventKey: 'qrscene_busy-1',
      },
    );
    const lock = holdLock();
    await lock.taken;
    const statuses: number[] = [];
    let answer = await t.request(follow.path, follow.init);
    statuses.push(answer.status);
    await lock.released;
    // WeChat sends the same message again after an answer other than 200, three times in all.
    while (answer.status !== 200 && statuses.length < 4) {
      answer = await t.request(follow.path, follow.init);
      statuses.push(answer.status);
    }
    // Not `success` (which WeChat would not retry): the claim was not committed.
    expect(statuses[0]).toBe(503);
    expect(statuses[statuses.length - 1]).toBe(200);
    // Work that outlived its answer may still be committing: give it a moment.
    const fanRow = () =>
      database.db
        .selectFrom('fans')
        .select(['subscribed', 'subscribe_scene'])
        .where('openid', '=', fan)
        .executeTakeFirst();
    await expect.poll(fanRow, { timeout: 2_000 }).toMatchObject({ subscribed: 1, subscribe_scene: 'busy-1' });
    const scene = await database.db
      .selectFrom('qr_scenes')
      .select('follow_count')
      .where('scene', '=', 'busy-1')
      .executeTakeFirstOrThrow();
    expect(Number(scene.follow_count)).toBe(1);
    expect(await answer.text()).toContain('<xml>');
  });
});
