import { createMessageCrypto, parseWeChatXml, sha1Signature } from '@weshop/wechat';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { signWebhook } from '../wechat/gateway/signing.ts';

const GH = 'gh_test_account';
let seq = 0;
const openid = () => `oTest${String(++seq).padStart(6, '0')}${Math.random().toString(36).slice(2, 10)}`;
const now = () => Math.floor(Date.now() / 1000);

describe.each(testDialects())('/wechat webhook on %s', (dialect) => {
  let t: TestApp;
  let creds: { appId: string; token: string; aesKey: string | undefined };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    creds = { appId: t.config.wechat.appId, token: t.config.wechat.token, aesKey: t.config.wechat.aesKey };
  });
  afterAll(() => t.close());

  /** A message to our account, sent now, signed as WeChat signs it. */
  const sign = (fields: Record<string, string | number>, options: Parameters<typeof signWebhook>[2] = {}) =>
    signWebhook(creds, { ToUserName: GH, CreateTime: now(), ...fields }, options);
  async function post(...args: Parameters<typeof sign>) {
    const request = sign(...args);
    return t.request(request.path, request.init);
  }
  const fan = (id: string) =>
    t.database.db.selectFrom('fans').selectAll().where('openid', '=', id).executeTakeFirst();

  describe('URL verification (GET)', () => {
    function verifyUrl(echostr: string, signature?: string) {
      const timestamp = String(now());
      const nonce = '12345';
      const sig = signature ?? sha1Signature([creds.token, timestamp, nonce]);
      return t.request(
        `/wechat?signature=${sig}&timestamp=${timestamp}&nonce=${nonce}&echostr=${encodeURIComponent(echostr)}`,
      );
    }

    it('answers echostr as plain text when the signature is valid', async () => {
      const response = await verifyUrl('4375120948345356249');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('4375120948345356249');
    });

    it('never reflects echostr without a valid signature', async () => {
      for (const signature of ['0'.repeat(40), 'F'.repeat(40), 'short', '']) {
        const response = await verifyUrl('<script>x</script>', signature);
        expect(response.status).toBe(401);
        expect(await response.text()).not.toContain('<script>');
      }
    });
  });

  describe('follow and scan', () => {
    it('upserts the fan, records the QR scene and answers the welcome cards', async () => {
      await t.database.db.insertInto('qr_scenes').values({ scene: 'poster-1', name: '门店海报' }).execute();
      const id = openid();
      const response = await post({
        FromUserName: id,
        MsgType: 'event',
        Event: 'subscribe',
        EventKey: 'qrscene_poster-1',
        Ticket: 'T',
      });
      expect(response.status).toBe(200);
      const reply = parseWeChatXml(await response.text());
      expect(reply).toMatchObject({ ToUserName: id, FromUserName: GH, MsgType: 'news', ArticleCount: '1' });
      const item = (reply.Articles as { item: Record<string, string> }).item;
      expect(item.Url).toBe('http://shop.test/shop/');
      expect(item.PicUrl).toMatch(/^http:\/\/shop\.test\/uploads\//);
      expect(await fan(id)).toMatchObject({ subscribed: 1, subscribe_scene: 'poster-1' });
      const scene = await t.database.db
        .selectFrom('qr_scenes')
        .selectAll()
        .where('scene', '=', 'poster-1')
        .executeTakeFirst();
      expect(scene?.follow_count).toBe(1);
    });

    it('processes the same subscribe event once, answering every retry the same', async () => {
      await t.database.db.insertInto('qr_scenes').values({ scene: 'retry', name: 'r' }).execute();
      const id = openid();
      const fields = {
        FromUserName: id,
        MsgType: 'event',
        Event: 'subscribe',
        EventKey: 'qrscene_retry',
        CreateTime: now(),
      };
      const bodies = await Promise.all(
        [post(fields), post(fields), post(fields)].map(async (r) => (await r).text()),
      );
      bodies.push(await (await post(fields)).text());
      expect(new Set(bodies).size).toBe(1);
      const scene = await t.database.db
        .selectFrom('qr_scenes')
        .selectAll()
        .where('scene', '=', 'retry')
        .executeTakeFirst();
      expect(scene?.follow_count).toBe(1);
    });

    it('processes subscribe and SCAN in the same second as two events', async () => {
      await t.database.db.insertInto('qr_scenes').values({ scene: 'both', name: 'b' }).execute();
      const id = openid();
      const createTime = now();
      await post({
        FromUserName: id,
        MsgType: 'event',
        Event: 'subscribe',
        EventKey: 'qrscene_both',
        CreateTime: createTime,
      });
      const scan = await post({
        FromUserName: id,
        MsgType: 'event',
        Event: 'SCAN',
        EventKey: 'both',
        CreateTime: createTime,
      });
      expect(parseWeChatXml(await scan.text()).MsgType).toBe('news');
      const scene = await t.database.db
        .selectFrom('qr_scenes')
        .selectAll()
        .where('scene', '=', 'both')
        .executeTakeFirst();
      expect(scene).toMatchObject({ follow_count: 1, scan_count: 1 });
    });

    it('marks the fan on unsubscribe and answers success', async () => {
      const id = openid();
      await post({ FromUserName: id, MsgType: 'event', Event: 'subscribe' });
      const response = await post({
        FromUserName: id,
        MsgType: 'event',
        Event: 'unsubscribe',
        CreateTime: now() + 1,
      });
      expect(await response.text()).toBe('success');
      expect(await fan(id)).toMatchObject({ subscribed: 0 });
    });
  });

  describe('messages', () => {
    it('answers a text message with the help text, once per MsgId even when sent concurrently', async () => {
      const id = openid();
      const fields = { FromUserName: id, MsgType: 'text', Content: '你好', MsgId: '9223372036854775807' };
      const replies = await Promise.all([1, 2, 3].map(async () => (await post(fields)).text()));
      expect(new Set(replies).size).toBe(1);
      const reply = parseWeChatXml(replies[0]!);
      expect(reply).toMatchObject({ MsgType: 'text', ToUserName: id });
      await t.inboundLog.flush();
      // A retry after the log was written gets the same answer from the database.
      expect(await (await post(fields)).text()).toBe(replies[0]);
      expect(await fan(id)).toMatchObject({ subscribed: 0 });
      const rows = await t.database.db
        .selectFrom('inbound_messages')
        .selectAll()
        .where('dedupe_key', 'like', '%9223372036854775807%')
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('answers a signed message whose query also names __proto__ or constructor', async () => {
      const id = openid();
      const request = sign({
        FromUserName: id,
        MsgType: 'text',
        Content: '你好',
        MsgId: '9223372036854775001',
      });
      for (const extra of ['__proto__=1', 'constructor=2&toString=3']) {
        const response = await t.request(`${request.path}&${extra}`, request.init);
        expect(response.status).toBe(200);
        expect(parseWeChatXml(await response.text())).toMatchObject({ MsgType: 'text', ToUserName: id });
      }
    });

    it('answers a menu CLICK from settings, and success for an unknown key', async () => {
      const id = openid();
      const contact = await post({ FromUserName: id, MsgType: 'event', Event: 'CLICK', EventKey: 'CONTACT' });
      expect(parseWeChatXml(await contact.text()).MsgType).toBe('text');
      const unknown = await post({
        FromUserName: id,
        MsgType: 'event',
        Event: 'CLICK',
        EventKey: 'NOPE',
        CreateTime: now() + 5,
      });
      expect(await unknown.text()).toBe('success');
    });

    it('records the delivery status of a template message', async () => {
      const at = new Date().toISOString();
      await t.database.db
        .insertInto('outbox')
        .values({
          dedupe_key: 'test:tpl',
          kind: 'template',
          openid: 'o1',
          payload: '{}',
          status: 'sent',
          next_attempt_at: at,
          wechat_msg_id: '200163836',
          created_at: at,
          updated_at: at,
        })
        .execute();
      const response = await post({
        FromUserName: openid(),
        MsgType: 'event',
        Event: 'TEMPLATESENDJOBFINISH',
        MsgID: '200163836',
        Status: 'failed:user block',
      });
      expect(await response.text()).toBe('success');
      const row = await t.database.db
        .selectFrom('outbox')
        .select('delivery_status')
        .where('dedupe_key', '=', 'test:tpl')
        .executeTakeFirst();
      expect(row?.delivery_status).toBe('failed:user block');
    });

    it.each<Record<string, string>>([
      { MsgType: 'miniprogrampage' },
      { MsgType: 'event', Event: 'foo' },
      { MsgType: 'image', PicUrl: 'x', MediaId: 'm', MsgId: '77' },
    ])('answers success for %j', async (fields) => {
      const response = await post({ FromUserName: openid(), ...fields });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('success');
    });

    it('answers a fan whose words look like an XML declaration (they arrive as CDATA)', async () => {
      const id = openid();
      const response = await post({
        FromUserName: id,
        MsgType: 'text',
        Content: '<!DOCTYPE x [<!ENTITY e "y">]>',
        MsgId: '4242',
      });
      expect(response.status).toBe(200);
      expect(parseWeChatXml(await response.text())).toMatchObject({ ToUserName: id, MsgType: 'text' });
    });

    it('answers success to a message without FromUserName', async () => {
      const response = await post({ MsgType: 'text', Content: 'hi', MsgId: '1' });
      expect(await response.text()).toBe('success');
    });
  });

  describe('safe mode', () => {
    it('decrypts the message and encrypts the reply', async () => {
      const id = openid();
      const response = await post(
        { FromUserName: id, MsgType: 'text', Content: 'hello', MsgId: '555' },
        { mode: 'safe' },
      );
      expect(response.status).toBe(200);
      const envelope = parseWeChatXml(await response.text());
      const crypto = createMessageCrypto({ appId: creds.appId, token: creds.token, aesKey: creds.aesKey! });
      expect(
        crypto.verify(
          String(envelope.TimeStamp),
          String(envelope.Nonce),
          String(envelope.Encrypt),
          envelope.MsgSignature,
        ),
      ).toBe(true);
      const reply = parseWeChatXml(crypto.decrypt(String(envelope.Encrypt)).plaintext);
      expect(reply).toMatchObject({ MsgType: 'text', ToUserName: id });
    });

    it('trusts only the decrypted fields in compatible mode', async () => {
      const id = openid();
      const request = signWebhook(
        creds,
        { ToUserName: GH, FromUserName: id, CreateTime: now(), MsgType: 'text', Content: 'x', MsgId: '556' },
        { mode: 'compatible' },
      );
      const body = String(request.init.body).replace(
        `<FromUserName><![CDATA[${id}]]>`,
        '<FromUserName><![CDATA[oAttacker]]>',
      );
      const response = await t.request(request.path, { ...request.init, body });
      const envelope = parseWeChatXml(await response.text());
      const crypto = createMessageCrypto({ appId: creds.appId, token: creds.token, aesKey: creds.aesKey! });
      expect(parseWeChatXml(crypto.decrypt(String(envelope.Encrypt)).plaintext).ToUserName).toBe(id);
    });

    it('refuses a wrong msg_signature before decrypting', async () => {
      const request = signWebhook(
        creds,
        {
          ToUserName: GH,
          FromUserName: openid(),
          CreateTime: now(),
          MsgType: 'text',
          Content: 'x',
          MsgId: '557',
        },
        { mode: 'safe' },
      );
      const path = request.path.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'a'.repeat(40)}`);
      expect((await t.request(path, request.init)).status).toBe(401);
    });

    it('refuses a message encrypted for another appid', async () => {
      const other = { ...creds, appId: 'wxanotherappid00001' };
      const request = signWebhook(
        other,
        {
          ToUserName: GH,
          FromUserName: openid(),
          CreateTime: now(),
          MsgType: 'text',
          Content: 'x',
          MsgId: '558',
        },
        { mode: 'safe' },
      );
      expect((await t.request(request.path, request.init)).status).toBe(400);
    });

    it.each(['not base64!!', 'QUJD', 'A'.repeat(64)])(
      'refuses a malformed ciphertext %j',
      async (encrypted) => {
        const timestamp = String(now());
        const nonce = String(42 + encrypted.length); // one (timestamp, nonce) per body
        const crypto = createMessageCrypto({ appId: creds.appId, token: creds.token, aesKey: creds.aesKey! });
        const query = new URLSearchParams({
          signature: sha1Signature([creds.token, timestamp, nonce]),
          timestamp,
          nonce,
          encrypt_type: 'aes',
          msg_signature: crypto.sign(timestamp, nonce, encrypted),
        });
        const body = `<xml><ToUserName><![CDATA[${GH}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
        const response = await t.request(`/wechat?${query}`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml' },
          body,
        });
        expect(response.status).toBe(400);
      },
    );
  });

  describe('bad input', () => {
    it('refuses a bad, missing, repeated or stale signature with 401 and stores nothing', async () => {
      const id = openid();
      const request = sign({ FromUserName: id, MsgType: 'event', Event: 'subscribe' });
      const flipped = request.path.replace(
        /signature=([0-9a-f])/,
        (_m, c: string) => `signature=${c === 'a' ? 'b' : 'a'}`,
      );
      const stale = signWebhook(
        creds,
        { ToUserName: GH, FromUserName: id, CreateTime: now(), MsgType: 'event', Event: 'subscribe' },
        { timestamp: now() - 600 },
      );
      for (const path of [
        flipped,
        '/wechat',
        `${request.path}&signature=abc`,
        stale.path,
        request.path.replace(/signature=[^&]+/, 'signature=ABC'),
      ]) {
        expect((await t.request(path, request.init)).status, path).toBe(401);
      }
      expect(await fan(id)).toBeUndefined();
    });

    it.each([
      [
        'a DOCTYPE',
        '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>',
      ],
      ['billion laughs', '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><C>&b;</C></xml>'],
      ['malformed XML', '<xml><Content>abc</xml>'],
      ['two roots', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
      [
        'duplicate fields',
        '<xml><MsgType>text</MsgType><MsgType>event</MsgType><FromUserName>o1</FromUserName></xml>',
      ],
    ])('refuses %s with 400 quickly', async (_name, body) => {
      const request = signWebhook(creds, {}, { body });
      const started = performance.now();
      const response = await t.request(request.path, request.init);
      expect(response.status).toBe(400);
      expect(performance.now() - started).toBeLessThan(500);
    });

    it('refuses a body over 1 MB with 413, with or without Content-Length', async () => {
      const big = `<xml><Content>${'x'.repeat(1024 * 1024)}</Content></xml>`;
      const request = signWebhook(creds, {}, { body: big });
      expect((await t.request(request.path, request.init)).status).toBe(413);
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      });
      const chunked = await t.request(request.path, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
    });

    it('refuses JSON and form bodies with 415', async () => {
      const request = signWebhook(creds, { FromUserName: 'o1', MsgType: 'text' });
      for (const type of ['application/json', 'application/x-www-form-urlencoded']) {
        const response = await t.request(request.path, {
          ...request.init,
          headers: { 'content-type': type },
        });
        expect(response.status).toBe(415);
      }
    });
  });
});
