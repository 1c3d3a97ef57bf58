import { testDialects } from '@weshop/db/testing';
import { createTestDatabase } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../log.ts';
import { createInboundLog } from './inbound-log.ts';

const entry = {
  openid: 'oLogFan000000000000000000001',
  msgType: 'text',
  event: null,
  content: 'hi',
  at: new Date().toISOString(),
};

describe.each(testDialects())('inbound message log on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(() => database.close());

  it('computes a reply once for concurrent duplicates and remembers it across instances', async () => {
    const log = createInboundLog(database.db, createLogger('silent'));
    let computed = 0;
    const answer = async () => {
      computed++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return '<xml>reply</xml>';
    };
    const sent = { ...entry, sentAtSeconds: Math.floor(Date.now() / 1000) };
    // Another instance, already running (its key index read the log before the answer was written).
    const peer = createInboundLog(database.db, createLogger('silent'));
    expect(await peer.reply('msg:0', sent, async () => 'other')).toBe('other');
    const replies = await Promise.all(Array.from({ length: 10 }, () => log.reply('msg:1', sent, answer)));
    expect(new Set(replies)).toEqual(new Set(['<xml>reply</xml>']));
    expect(computed).toBe(1);
    await log.flush();

    const restarted = createInboundLog(database.db, createLogger('silent'));
    expect(await restarted.reply('msg:1', sent, answer)).toBe('<xml>reply</xml>');
    expect(await restarted.reply('msg:1', entry, answer)).toBe('<xml>reply</xml>');
    await new Promise((resolve) => setTimeout(resolve, 30)); // past the key index's refresh interval
    expect(await peer.reply('msg:1', sent, answer)).toBe('<xml>reply</xml>');
    expect(computed).toBe(1);
    const rows = await database.db
      .selectFrom('inbound_messages')
      .selectAll()
      .where('dedupe_key', '=', 'msg:1')
      .execute();
    expect(rows).toHaveLength(1);
    const fan = await database.db
      .selectFrom('fans')
      .selectAll()
      .where('openid', '=', entry.openid)
      .executeTakeFirst();
    expect(fan?.last_seen_at).toBe(entry.at);
  });

  it('drops a reply from memory once its row is committed and answers duplicates from the log', async () => {
    const log = createInboundLog(database.db, createLogger('silent'));
    let computed = 0;
    const answer = async () => `<xml>first ${++computed}</xml>`;
    const sent = { ...entry, sentAtSeconds: Math.floor(Date.now() / 1000) };
    expect(await log.reply('msg:dropped', sent, answer)).toBe('<xml>first 1</xml>');
    // Before the batch is written, a duplicate is answered from memory.
    expect(await log.reply('msg:dropped', sent, answer)).toBe('<xml>first 1</xml>');
    await log.flush();
    // Staff cannot edit the log; here the stored reply is changed to see where the answer comes from.
    await database.db
      .updateTable('inbound_messages')
      .set({ reply: '<xml>from the log</xml>' })
      .where('dedupe_key', '=', 'msg:dropped')
      .execute();
    expect(await log.reply('msg:dropped', sent, answer)).toBe('<xml>from the log</xml>');
    expect(computed).toBe(1);
  });

  it('writes many messages in few commits and forgets a failed answer so a retry can try again', async () => {
    const log = createInboundLog(database.db, createLogger('silent'), { maxBatch: 50 });
    await Promise.all(
      Array.from({ length: 120 }, (_, i) => log.reply(`msg:batch-${i}`, entry, async () => `r${i}`)),
    );
    await log.flush();
    const rows = await database.db
      .selectFrom('inbound_messages')
      .select('dedupe_key')
      .where('dedupe_key', 'like', 'msg:batch-%')
      .execute();
    expect(rows).toHaveLength(120);

    await expect(
      log.reply('msg:fails', entry, async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await log.reply('msg:fails', entry, async () => 'second try')).toBe('second try');
  });

  it("marks a fan seen at most once a minute, to the latest message's time", async () => {
    let clock = Date.parse('2026-11-22T09:00:00Z');
    const log = createInboundLog(database.db, createLogger('silent'), { now: () => clock });
    const openid = 'oLogFanSeen0000000000000001';
    const lastSeen = async () =>
      (
        await database.db
          .selectFrom('fans')
          .select('last_seen_at')
          .where('openid', '=', openid)
          .executeTakeFirstOrThrow()
      ).last_seen_at;
    const say = async (key: string, at: number) => {
      await log.reply(key, { ...entry, openid, at: new Date(at).toISOString() }, async () => 'ok');
      await log.flush();
    };
    await say('msg:seen-1', clock);
    expect(await lastSeen()).toBe(new Date(clock).toISOString());
    clock += 30_000;
    await say('msg:seen-2', clock);
    expect(await lastSeen()).toBe(new Date(clock - 30_000).toISOString());
    clock += 31_000;
    await say('msg:seen-3', clock);
    expect(await lastSeen()).toBe(new Date(clock).toISOString());
  });
});
