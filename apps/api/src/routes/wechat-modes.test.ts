import { openDatabase, recordSubscribe } from '@weshop/db';
import { testDialects, createTestDatabase } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { buildXml, parseWeChatXml } from '@weshop/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { signWebhook } from '../wechat/gateway/signing.ts';

/**
 * Issue 15 item 3: the message mode is explicit, and a captured (signature, timestamp, nonce) cannot
 * carry another body in any mode (docs/wechat.md#crypto, docs/bad-inputs.md#the-webhook).
 */
const GH = 'gh_test_account';
let seq = 0;
const openid = () => `oMode${String(++seq).padStart(6, '0')}${Math.random().toString(36).slice(2, 10)}`;
const now = () => Math.floor(Date.now() / 1000);

const credentialsOf = (t: TestApp) => ({
  appId: t.config.wechat.appId,
  token: t.config.wechat.token,
  aesKey: t.config.wechat.aesKey,
});
const event = (fan: string, name: string) => ({
  ToUserName: GH,
  FromUserName: fan,
  CreateTime: now(),
  MsgType: 'event',
  Event: name,
});

async function subscribed(t: TestApp, fan: string): Promise<number | undefined> {
  const row = await t.database.db
    .selectFrom('fans')
    .select('subscribed')
    .where('openid', '=', fan)
    .executeTakeFirst();
  return row?.subscribed;
}

describe.each(testDialects())('/wechat message modes on %s', (dialect) => {
  describe.each(['safe', 'compat'] as const)('in %s mode', (mode) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { WECHAT_MESSAGE_MODE: mode } });
    });
    afterAll(() => t.close());

    it('refuses a plaintext message with a valid plain signature, and acts on nothing', async () => {
      const fan = openid();
      await recordSubscribe(t.database.db, { openid: fan, scene: null });
      const request = signWebhook(credentialsOf(t), event(fan, 'unsubscribe'));
      const response = await t.request(request.path, request.init);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('encrypted message required');
      expect(await subscribed(t, fan)).toBe(1);
    });

    it('refuses a message that claims encryption but has no Encrypt', async () => {
      const fan = openid();
      await recordSubscribe(t.database.db, { openid: fan, scene: null });
      const request = signWebhook(credentialsOf(t), event(fan, 'unsubscribe'));
      const response = await t.request(`${request.path}&encrypt_type=aes&msg_signature=${'a'.repeat(40)}`, {
        ...request.init,
      });
      expect(response.status).toBe(401);
      expect(await subscribed(t, fan)).toBe(1);
    });

    it('answers an encrypted message', async () => {
      const fan = openid();
      const request = signWebhook(credentialsOf(t), event(fan, 'subscribe'), {
        mode: mode === 'compat' ? 'compatible' : 'safe',
      });
      const response = await t.request(request.path, request.init);
      expect(response.status).toBe(200);
      expect(parseWeChatXml(await response.text())).toHaveProperty('Encrypt');
      expect(await subscribed(t, fan)).toBe(1);
    });
  });

  describe('in compat mode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { WECHAT_MESSAGE_MODE: 'compat' } });
    });
    afterAll(() => t.close());

    it('acts on the decrypted fields and ignores the plaintext ones', async () => {
      const fan = openid();
      await recordSubscribe(t.database.db, { openid: fan, scene: null });
      // Inside: a text message. Outside, in the clear: an unsubscribe an attacker wrote.
      const inner = {
        ToUserName: GH,
        FromUserName: fan,
        CreateTime: now(),
        MsgType: 'text',
        Content: 'hi',
        MsgId: '7001',
      };
      const request = signWebhook(credentialsOf(t), inner, { mode: 'compatible' });
      const outer = parseWeChatXml(String(request.init.body));
      const body = buildXml({ ...event(fan, 'unsubscribe'), Encrypt: String(outer.Encrypt) });
      const response = await t.request(request.path, { ...request.init, body });
      expect(response.status).toBe(200);
      expect(await subscribed(t, fan)).toBe(1);
    });
  });

  describe('in plain mode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { env: { WECHAT_MESSAGE_MODE: 'plain' } });
    });
    afterAll(() => t.close());

    it('refuses a captured signature, timestamp and nonce carrying another body', async () => {
      const fan = openid();
      const genuine = signWebhook(credentialsOf(t), {
        ...event(fan, 'subscribe'),
      });
      expect((await t.request(genuine.path, genuine.init)).status).toBe(200);
      expect(await subscribed(t, fan)).toBe(1);
      const forged = buildXml({ ...event(fan, 'unsubscribe') });
      const response = await t.request(genuine.path, { ...genuine.init, body: forged });
      expect(response.status).toBe(401);
      expect(await subscribed(t, fan)).toBe(1);
    });

    it('refuses the other body also after a text message, whose log is written behind', async () => {
      const fan = openid();
      await recordSubscribe(t.database.db, { openid: fan, scene: null });
      const genuine = signWebhook(credentialsOf(t), {
        ToUserName: GH,
        FromUserName: fan,
        CreateTime: now(),
        MsgType: 'text',
        Content: '你好',
        MsgId: '7101',
      });
      expect((await t.request(genuine.path, genuine.init)).status).toBe(200);
      const response = await t.request(genuine.path, {
        ...genuine.init,
        body: buildXml(event(fan, 'unsubscribe')),
      });
      expect(response.status).toBe(401);
      expect(await subscribed(t, fan)).toBe(1);
    });

    it("answers WeChat's retry of the same body with the first answer, acting once", async () => {
      await t.database.db.insertInto('qr_scenes').values({ scene: 'retry-1', name: '重试' }).execute();
      const fan = openid();
      const request = signWebhook(credentialsOf(t), {
        ...event(fan, 'subscribe'),
        EventKey: 'qrscene_retry-1',
      });
      const first = await t.request(request.path, request.init);
      const retry = await t.request(request.path, request.init);
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(await retry.text()).toBe(await first.text());
      const scene = await t.database.db
        .selectFrom('qr_scenes')
        .selectAll()
        .where('scene', '=', 'retry-1')
        .executeTakeFirstOrThrow();
      expect(Number(scene.follow_count)).toBe(1);
    });
  });

  describe('two instances on one database', () => {
    let database: TestDatabase;
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      database = await createTestDatabase(dialect, { file: true });
      const env = { WECHAT_MESSAGE_MODE: 'plain' };
      a = await createTestApp(dialect, { env, sharedDatabase: database });
      b = await createTestApp(dialect, { env, sharedDatabase: database });
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      await database.close();
    });

    it.each([
      ['a follow', (fan: string) => event(fan, 'subscribe')],
      [
        'a text message',
        (fan: string) => ({
          ToUserName: GH,
          FromUserName: fan,
          CreateTime: now(),
          MsgType: 'text',
          Content: 'hi',
          MsgId: `72${seq}`,
        }),
      ],
    ])('refuses on one the body forged after %s answered by the other', async (_kind, genuineOf) => {
      const fan = openid();
      await recordSubscribe(database.db, { openid: fan, scene: null });
      const genuine = signWebhook(credentialsOf(a), genuineOf(fan));
      expect((await a.request(genuine.path, genuine.init)).status).toBe(200);
      await a.inboundLog.flush();
      const response = await b.request(genuine.path, {
        ...genuine.init,
        body: buildXml(event(fan, 'unsubscribe')),
      });
      expect(response.status).toBe(401);
      expect(await subscribed(a, fan)).toBe(1);
    });

    it('refuses the forged body after a restart (a new connection to the same database)', async () => {
      const fan = openid();
      await recordSubscribe(database.db, { openid: fan, scene: null });
      const genuine = signWebhook(credentialsOf(a), {
        ToUserName: GH,
        FromUserName: fan,
        CreateTime: now(),
        MsgType: 'text',
        Content: 'hi',
        MsgId: '7301',
      });
      expect((await a.request(genuine.path, genuine.init)).status).toBe(200);
      await a.inboundLog.flush();
      const reopened = await openDatabase(database.config, { migrate: false });
      const restarted = await createTestApp(dialect, {
        env: { WECHAT_MESSAGE_MODE: 'plain' },
        sharedDatabase: { ...reopened, config: database.config },
      });
      try {
        const response = await restarted.request(genuine.path, {
          ...genuine.init,
          body: buildXml(event(fan, 'unsubscribe')),
        });
        expect(response.status).toBe(401);
        expect(await subscribed(a, fan)).toBe(1);
      } finally {
        await restarted.close();
        await reopened.close();
      }
    });
  });
});
