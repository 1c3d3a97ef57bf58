import {
  claimOutbox,
  countOutboxByStatus,
  enqueueOutbox,
  findOutboxByKey,
  recordSubscribe,
} from '@weshop/db';
import { findOutbox } from '@weshop/db';
import { createTestDatabase, testDialects } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { createMemoryTokenStore, createWeChatClient } from '@weshop/wechat';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { createNodeFetch } from './client.ts';
import { startFakeWeChat } from './fake-wechat.ts';
import type { FakeWeChat } from './fake-wechat.ts';
import { createOutboxWorker } from './worker.ts';
import type { OutboxWorkerOptions } from './worker.ts';

const T0 = Date.parse('2026-11-22T08:00:00.000Z');
const payload = {
  templateId: 'tpl_shipped',
  url: 'http://shop.test/shop/orders/1',
  data: { thing4: { value: '连衣裙' } },
};

describe.each(testDialects())('the outbox worker on %s', (dialect) => {
  let database: TestDatabase;
  let fake: FakeWeChat;
  let clock: number;
  const config = loadConfig({ NODE_ENV: 'test' });

  beforeAll(async () => {
    database = await createTestDatabase(dialect, { file: dialect === 'sqlite' });
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    clock = T0;
    fake = await startFakeWeChat();
    await database.db.deleteFrom('outbox_attempts').execute();
    await database.db.deleteFrom('outbox').execute();
  });
  afterEach(() => fake.close());

  function worker(overrides: Partial<OutboxWorkerOptions> = {}, timeoutMs = 2000) {
    const client = createWeChatClient({
      appId: 'wx_test',
      secret: 'secret',
      apiBase: fake.url,
      timeoutMs,
      tokenStore: createMemoryTokenStore(),
      fetch: createNodeFetch(), // what the worker uses in production
    });
    return createOutboxWorker(
      {
        db: database.db,
        wechat: { client },
        logger: createLogger('silent'),
        now: () => new Date(clock),
        config,
      },
      { backoff: { baseMs: 1000, maxMs: 60_000, maxAttempts: 4 }, random: () => 0, pollMs: 20, ...overrides },
    );
  }

  const enqueue = (key: string, openid = 'oFan1', body: unknown = payload) =>
    enqueueOutbox(
      database.db,
      { dedupeKey: key, kind: 'template', openid, payload: body },
      new Date(clock).toISOString(),
    );
  const row = (key: string) => findOutboxByKey(database.db, key);
  const sendsOf = (key: string) => fake.sends.filter((send) => send.clientMsgId === key);
  const deliveriesOf = (key: string) => fake.deliveries.filter((send) => send.clientMsgId === key);

  it('sends a queued template with client_msg_id = the outbox key and records the msgid', async () => {
    await enqueue('shipped:1');
    expect(await worker().runOnce()).toBe(1);
    expect(fake.sends).toEqual([
      {
        openid: 'oFan1',
        clientMsgId: 'shipped:1',
        templateId: 'tpl_shipped',
        url: payload.url,
        data: payload.data,
      },
    ]);
    const sent = await findOutbox(database.db, (await row('shipped:1'))!.id);
    expect(sent).toMatchObject({
      status: 'sent',
      attempts: 1,
      wechatMsgId: String(2n ** 60n),
      leaseUntil: null,
    });
    expect(sent?.attemptLog).toMatchObject([{ attempt: 1, outcome: 'sent', errcode: null }]);
  });

  it.each([
    ['HTTP 500 with an HTML page', { type: 'http', status: 500 }],
    ['HTTP 502 with an HTML page', { type: 'http', status: 502 }],
    ['a read timeout after WeChat handled it', { type: 'hang' }],
    ['a reset mid-response after WeChat handled it', { type: 'reset' }],
    ['a 200 that is not JSON', { type: 'non_json' }],
    ['errcode -1 (busy)', { type: 'errcode', errcode: -1 }],
  ] as const)('retries %s with backoff and the same client_msg_id, delivered once', async (_, fault) => {
    fake.fail(fault);
    await enqueue('k');
    const w = worker({}, 300);
    await w.runOnce();
    const retrying = await row('k');
    expect(retrying).toMatchObject({ status: 'pending', attempts: 1 });
    // Equal jitter with random() = 0: half of the 1 s base.
    expect(Date.parse(retrying!.nextAttemptAt)).toBe(T0 + 500);
    expect(await w.runOnce()).toBe(0); // not due yet: no hot loop
    clock += 500;
    expect(await w.runOnce()).toBe(1);
    expect(await row('k')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sendsOf('k')).toHaveLength(2);
    expect(deliveriesOf('k')).toHaveLength(1);
  });

  it('doubles the delay after each failure and fails the message after the last attempt', async () => {
    fake.fail(...Array.from({ length: 4 }, () => ({ type: 'http', status: 503 }) as const));
    await enqueue('k');
    const w = worker();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      await w.runOnce();
      const current = await row('k');
      if (current?.status !== 'pending') break;
      waits.push(Date.parse(current.nextAttemptAt) - clock);
      clock = Date.parse(current.nextAttemptAt);
    }
    expect(waits).toEqual([500, 1000, 2000]);
    expect(await row('k')).toMatchObject({ status: 'failed', attempts: 4 });
    expect((await row('k'))?.lastError).toMatch(/gave up after 4 attempts/);
  });

  it('refreshes a rejected token once and delivers once (40001)', async () => {
    await enqueue('k1');
    const w = worker();
    await w.runOnce();
    fake.rotateToken(); // someone else refreshed: our cached token is now rejected
    await enqueue('k2');
    await enqueue('k3');
    expect(await w.runOnce()).toBe(2);
    expect(await countOutboxByStatus(database.db)).toMatchObject({ sent: 3 });
    expect(fake.deliveries.map((send) => send.clientMsgId).sort()).toEqual(['k1', 'k2', 'k3']);
    // The first token, then one refresh shared by both senders (no refresh storm).
    expect(fake.tokenCalls).toHaveLength(2);
  });

  it('pauses template sends until Beijing midnight on 45009, rows stay pending', async () => {
    fake.fail({ type: 'errcode', errcode: 45009, errmsg: 'reach max api daily quota limit' });
    await enqueue('q1');
    await enqueue('q2');
    const w = worker({ concurrency: 1 });
    await w.runOnce();
    const midnight = Date.parse('2026-11-22T16:00:00.000Z'); // 00:00 on the 23rd in Beijing
    expect(w.pausedUntil()?.getTime()).toBe(midnight);
    expect(await row('q1')).toMatchObject({ status: 'pending', attempts: 0, lastErrcode: 45009 });
    expect(Date.parse((await row('q1'))!.nextAttemptAt)).toBe(midnight);
    // While paused, nothing is claimed or sent, q2 included.
    clock += 3_600_000;
    expect(await w.runOnce()).toBe(0);
    expect(fake.sends).toHaveLength(1);
    expect(await row('q2')).toMatchObject({ status: 'pending', attempts: 0 });
    clock = midnight;
    w.start();
    await expect.poll(async () => (await countOutboxByStatus(database.db)).sent).toBe(2);
    await w.stop();
    expect(fake.deliveries.map((send) => send.clientMsgId).sort()).toEqual(['q1', 'q2']);
  });

  it('fails on 43004 without retrying and marks the fan unsubscribed', async () => {
    await recordSubscribe(database.db, { openid: 'oGone', scene: null });
    fake.unsubscribed.add('oGone');
    await enqueue('u', 'oGone');
    await worker().runOnce();
    expect(await row('u')).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 43004 });
    const fan = await database.db
      .selectFrom('fans')
      .select('subscribed')
      .where('openid', '=', 'oGone')
      .executeTakeFirst();
    expect(fan?.subscribed).toBe(0);
    clock += 3_600_000;
    expect(await worker().runOnce()).toBe(0);
  });

  it('fails a poison row (47003) at once while the others flow', async () => {
    const poison = { ...payload, data: { thing4: { value: 'x'.repeat(40) } } };
    fake.fail({ type: 'errcode', errcode: 47003, errmsg: 'argument invalid! data.thing4.value invalid' });
    await enqueue('poison', 'oFan1', poison);
    for (let i = 0; i < 20; i++) await enqueue(`ok:${i}`);
    const w = worker({ concurrency: 1 });
    while ((await w.runOnce()) > 0);
    expect(await row('poison')).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 47003 });
    expect(await countOutboxByStatus(database.db)).toMatchObject({ sent: 20, failed: 1, pending: 0 });
    expect(sendsOf('poison')).toHaveLength(1);
  });

  it('fails a row whose payload it cannot send, without calling WeChat', async () => {
    await enqueue('bad', 'oFan1', { templateId: '' });
    await worker().runOnce();
    expect(await row('bad')).toMatchObject({ status: 'failed', lastError: 'invalid template payload' });
    expect(fake.sends).toHaveLength(0);
  });

  it('sends each row once when two workers run at the same time', async () => {
    for (let i = 0; i < 300; i++) await enqueue(`c:${i}`, `oFan${i % 7}`);
    const [a, b] = [worker({ concurrency: 8 }), worker({ concurrency: 8 })];
    a.start();
    b.start();
    await expect
      .poll(async () => (await countOutboxByStatus(database.db)).sent, { timeout: 15_000 })
      .toBe(300);
    await Promise.all([a.stop(), b.stop()]);
    expect(fake.sends).toHaveLength(300);
    expect(new Set(fake.sends.map((send) => send.clientMsgId)).size).toBe(300);
  });

  it('re-sends a row left by a dead worker after its lease, with the same client_msg_id', async () => {
    await enqueue('lease');
    // A worker claims and sends, then dies before marking.
    const [claim] = await claimOutbox(database.db, {
      limit: 1,
      leaseMs: 60_000,
      now: new Date(clock).toISOString(),
    });
    const dead = createWeChatClient({
      appId: 'wx',
      secret: 's',
      apiBase: fake.url,
      tokenStore: createMemoryTokenStore(),
    });
    const first = await dead.sendTemplate({
      toUser: 'oFan1',
      templateId: 'tpl_shipped',
      data: payload.data,
      clientMsgId: claim!.dedupeKey,
    });
    const w = worker({ leaseMs: 60_000 });
    clock += 59_000;
    expect(await w.runOnce()).toBe(0); // still leased
    clock += 1_000;
    expect(await w.runOnce()).toBe(1);
    expect(sendsOf('lease')).toHaveLength(2);
    expect(deliveriesOf('lease')).toHaveLength(1);
    expect(await row('lease')).toMatchObject({ status: 'sent', attempts: 2, wechatMsgId: first.msgId });
  });

  it('sends at once when woken instead of waiting for the next poll', async () => {
    const w = worker({ pollMs: 60_000 });
    w.start();
    await enqueue('woken');
    w.wake();
    await expect.poll(async () => (await row('woken'))?.status, { timeout: 3000 }).toBe('sent');
    await w.stop();
  });

  it('hits a failpoint at the configured pass', async () => {
    for (let i = 0; i < 5; i++) await enqueue(`f:${i}`);
    const kills: number[] = [];
    const w = worker({
      concurrency: 1,
      failpoint: { name: 'after_send', hit: 3 },
      kill: () => kills.push(fake.sends.length),
    });
    while ((await w.runOnce()) > 0);
    expect(kills).toEqual([3]);
  });
});
