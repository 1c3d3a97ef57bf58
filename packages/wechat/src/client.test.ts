import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRetryable, WeChatApiError, WeChatNetworkError } from './api-errors.ts';
import { createWeChatClient } from './client.ts';
import type { WeChatClient } from './client.ts';
import { startFakeWeChatApi } from './testing/fake-api.ts';
import type { FakeWeChatApi } from './testing/fake-api.ts';
import { createMemoryTokenStore } from './token.ts';
import type { TokenStore } from './token.ts';

const TEMPLATE = '/cgi-bin/message/template/send';
const STABLE = '/cgi-bin/stable_token';
const template = { toUser: 'o1', templateId: 'T', data: { thing1: { value: 'x' } }, clientMsgId: 'ship:1' };

let fake: FakeWeChatApi;
let store: TokenStore;
let client: WeChatClient;

beforeEach(async () => {
  fake = await startFakeWeChatApi();
  store = createMemoryTokenStore();
  client = createWeChatClient({
    appId: 'wxapp',
    secret: 's3cret',
    apiBase: fake.url,
    tokenStore: store,
    timeoutMs: 300,
  });
});
afterEach(() => fake.close());

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('createWeChatClient', () => {
  it('refuses an empty appId or secret', () => {
    expect(() => createWeChatClient({ appId: '', secret: '', tokenStore: store })).toThrow(
      /appId and secret/,
    );
    expect(() => createWeChatClient({ appId: 'wx', secret: '', tokenStore: store })).toThrow(/secret/);
  });
});

describe('access token', () => {
  it('fetches the stable token once and reuses it', async () => {
    await client.sendTemplate(template);
    await client.sendTemplate(template);
    expect(fake.callsTo(STABLE).map((call) => call.body)).toEqual([
      { grant_type: 'client_credential', appid: 'wxapp', secret: 's3cret', force_refresh: false },
    ]);
    expect(fake.callsTo(TEMPLATE).map((call) => call.query.access_token)).toEqual(['token-1', 'token-1']);
    expect(await store.get('access_token')).toMatchObject({ value: 'token-1' });
  });

  it.each([40001, 42001, 40014])('refreshes once and retries once after %d', async (errcode) => {
    await client.getAccessToken();
    fake.script(TEMPLATE, { json: { errcode, errmsg: 'token' } });
    fake.rotateToken(); // normal mode now hands out token-2
    await expect(client.sendTemplate(template)).resolves.toEqual({ msgId: expect.any(String) });
    expect(fake.callsTo(TEMPLATE).map((call) => call.query.access_token)).toEqual(['token-1', 'token-2']);
    expect(fake.callsTo(STABLE)).toHaveLength(2);
  });

  it.each([40001, 42001])('throws when %d comes back after the refresh', async (errcode) => {
    fake.script(TEMPLATE, { json: { errcode, errmsg: 'token' } }, { json: { errcode, errmsg: 'token' } });
    const error = await failure(client.sendTemplate(template));
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode, kind: 'token', endpoint: TEMPLATE });
    expect(fake.callsTo(TEMPLATE)).toHaveLength(2);
  });

  it('force-refreshes only when normal mode returns the rejected token', async () => {
    await client.getAccessToken();
    fake.script(TEMPLATE, { json: { errcode: 40001, errmsg: 'invalid credential' } });
    await client.sendTemplate(template);
    expect(
      fake.callsTo(STABLE).map((call) => (call.body as { force_refresh: boolean }).force_refresh),
    ).toEqual([false, false, true]);
    expect(fake.callsTo(TEMPLATE).map((call) => call.query.access_token)).toEqual(['token-1', 'token-2']);
  });

  it('refreshes exactly once for 20 concurrent senders rejected with the same token', async () => {
    await client.getAccessToken();
    fake.rotateToken();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.sendTemplate(template)));
    expect(new Set(results.map((result) => result.msgId)).size).toBe(20);
    expect(fake.callsTo(STABLE)).toHaveLength(2);
    expect(fake.callsTo(TEMPLATE)).toHaveLength(40);
  });

  it('caches the jsapi ticket under its own name in the same store', async () => {
    expect(await client.getJsapiTicket()).toBe('ticket-for-token-1');
    expect(await client.getJsapiTicket()).toBe('ticket-for-token-1');
    expect(fake.callsTo('/cgi-bin/ticket/getticket').map((call) => call.query)).toEqual([
      { type: 'jsapi', access_token: 'token-1' },
    ]);
    expect(await store.get('jsapi_ticket')).toMatchObject({ value: 'ticket-for-token-1' });
  });
});

describe('faults', () => {
  it('turns a read timeout into a WeChatNetworkError with an unknown outcome', async () => {
    await client.getAccessToken();
    fake.script(TEMPLATE, { delayMs: 2000 });
    const error = await failure(client.sendTemplate(template));
    expect(error).toBeInstanceOf(WeChatNetworkError);
    expect(error).toMatchObject({ outcomeUnknown: true, endpoint: TEMPLATE });
    expect(isRetryable(error)).toBe(true);
  });

  it.each([500, 502])(
    'treats HTTP %d with an HTML body as retryable with an unknown outcome',
    async (status) => {
      fake.script(TEMPLATE, { status, text: '<html><body>Bad Gateway</body></html>' });
      const error = await failure(client.sendTemplate(template));
      expect(error).toBeInstanceOf(WeChatNetworkError);
      expect(error).toMatchObject({ outcomeUnknown: true, httpStatus: status });
      expect(isRetryable(error)).toBe(true);
    },
  );

  it('treats a socket destroyed mid-body as an unknown outcome', async () => {
    fake.script(TEMPLATE, { destroyMidBody: true });
    const error = await failure(client.sendTemplate(template));
    expect(error).toBeInstanceOf(WeChatNetworkError);
    expect(error).toMatchObject({ outcomeUnknown: true });
  });

  it('treats a 200 with a non-JSON body as an unknown outcome', async () => {
    fake.script(TEMPLATE, { text: 'upstream says hi' });
    expect(await failure(client.sendTemplate(template))).toMatchObject({
      outcomeUnknown: true,
      httpStatus: 200,
    });
  });

  it('knows a refused connection never reached WeChat', async () => {
    const closed = await startFakeWeChatApi();
    await closed.close();
    const offline = createWeChatClient({ appId: 'wx', secret: 's', apiBase: closed.url, tokenStore: store });
    const error = await failure(offline.getAccessToken());
    expect(error).toBeInstanceOf(WeChatNetworkError);
    expect(error).toMatchObject({ outcomeUnknown: false });
  });

  it.each([
    [-1, 'retryable', true],
    [45009, 'quota', true],
    [45011, 'quota', true],
    [43004, 'permanent', false],
    [47003, 'permanent', false],
    [40003, 'permanent', false],
  ] as const)('classifies errcode %d as %s without retrying it', async (errcode, kind, retryable) => {
    fake.script(TEMPLATE, { json: { errcode, errmsg: 'no' } });
    const error = await failure(client.sendTemplate(template));
    expect(error).toMatchObject({ errcode, kind, errmsg: 'no' });
    expect(isRetryable(error)).toBe(retryable);
    expect(fake.callsTo(TEMPLATE)).toHaveLength(1);
  });
});

describe('messages', () => {
  it('sends a template message and returns the 64-bit msgid exactly', async () => {
    fake.script(TEMPLATE, { rawJson: '{"errcode":0,"errmsg":"ok","msgid":3147483987654321012}' });
    const input = { ...template, url: 'https://shop/o/1', miniprogram: { appId: 'wxmini', pagePath: 'p/i' } };
    expect(await client.sendTemplate(input)).toEqual({ msgId: '3147483987654321012' });
    expect(fake.callsTo(TEMPLATE)[0]?.body).toEqual({
      touser: 'o1',
      template_id: 'T',
      url: 'https://shop/o/1',
      miniprogram: { appid: 'wxmini', pagepath: 'p/i' },
      data: { thing1: { value: 'x' } },
      client_msg_id: 'ship:1',
    });
  });

  it('splits a mass send by openid evenly, at most 10,000 and at least 2 per batch', async () => {
    const openids = Array.from({ length: 10_001 }, (_, index) => `o${index}`);
    const message = { msgtype: 'text', text: { content: 'hi' } };
    const { msgIds } = await client.massSendByOpenids({
      openids: [...openids, 'o0'],
      message,
      clientMsgId: 'm',
    });
    expect(msgIds).toEqual(['1152921504606846977', '1152921504606846978']);
    const bodies = fake
      .callsTo('/cgi-bin/message/mass/send')
      .map((call) => call.body as Record<string, unknown>);
    expect(bodies.map((body) => (body.touser as string[]).length)).toEqual([5001, 5000]);
    expect(bodies.map((body) => body.clientmsgid)).toEqual(['m-0', 'm-1']);
    expect(bodies[1]).toMatchObject({ msgtype: 'text', text: { content: 'hi' } });
  });

  it('refuses a mass send to a single openid and keeps the clientmsgid of a single batch', async () => {
    const message = { msgtype: 'text', text: { content: 'hi' } };
    await expect(client.massSendByOpenids({ openids: ['a', 'a'], message })).rejects.toThrow(RangeError);
    await client.massSendByOpenids({ openids: ['a', 'b'], message, clientMsgId: 'm' });
    expect(fake.callsTo('/cgi-bin/message/mass/send')[0]?.body).toMatchObject({
      touser: ['a', 'b'],
      clientmsgid: 'm',
    });
  });

  it('sends by tag and treats 45065 (already sent) as success with the existing msg_id', async () => {
    const endpoint = '/cgi-bin/message/mass/sendall';
    const message = { msgtype: 'text', text: { content: 'hi' } };
    await client.massSendByTag({ tagId: 7, message, clientMsgId: 'c' });
    expect(fake.callsTo(endpoint)[0]?.body).toEqual({
      filter: { is_to_all: false, tag_id: 7 },
      ...message,
      clientmsgid: 'c',
    });
    fake.script(endpoint, {
      rawJson: '{"errcode":45065,"errmsg":"clientmsgid exist","msg_id":1000000000000000001}',
    });
    expect(await client.massSendByTag({ tagId: 7, message, clientMsgId: 'c' })).toEqual({
      msgIds: ['1000000000000000001'],
    });
  });

  it('passes customer-service messages and menus through', async () => {
    const body = { touser: 'o1', msgtype: 'text', text: { content: '你好' } };
    await client.sendCustomMessage(body);
    await client.createMenu({ button: [{ type: 'click', name: '菜单', key: 'K' }] });
    expect(fake.callsTo('/cgi-bin/message/custom/send')[0]?.body).toEqual(body);
    expect(fake.callsTo('/cgi-bin/menu/create')[0]?.body).toEqual({
      button: [{ type: 'click', name: '菜单', key: 'K' }],
    });
  });
});

describe('users, tags and QR codes', () => {
  it('tags and untags users in batches of at most 50', async () => {
    const openids = Array.from({ length: 120 }, (_, index) => `o${index}`);
    await client.tagUsers(3, openids);
    await client.untagUsers(3, openids.slice(0, 10));
    const tagging = fake
      .callsTo('/cgi-bin/tags/members/batchtagging')
      .map((call) => call.body as Record<string, unknown>);
    expect(tagging.map((body) => (body.openid_list as string[]).length)).toEqual([50, 50, 20]);
    expect(tagging.every((body) => body.tagid === 3)).toBe(true);
    expect(fake.callsTo('/cgi-bin/tags/members/batchuntagging')).toHaveLength(1);
  });

  it('creates and lists tags', async () => {
    expect(await client.createTag('VIP')).toEqual({ id: 100, name: 'VIP' });
    expect(await client.listTags()).toEqual([{ id: 100, name: 'VIP', count: 0 }]);
  });

  it('reads user info in zh_CN', async () => {
    const user = await client.getUserInfo('o9');
    expect(user).toMatchObject({ subscribed: true, openid: 'o9', tagIds: [2] });
    expect(fake.callsTo('/cgi-bin/user/info')[0]).toMatchObject({
      method: 'GET',
      query: { openid: 'o9', lang: 'zh_CN' },
    });
  });

  it('creates permanent and temporary string-scene QR codes with an encoded image URL', async () => {
    const permanent = await client.createQrCode({ scene: 'shop', permanent: true });
    expect(permanent.imageUrl).toBe(
      'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=gQH4%2F8Tw%2BAAA%3D%3D',
    );
    await client.createQrCode({ scene: 'promo', permanent: false, expireSeconds: 3600 });
    expect(fake.callsTo('/cgi-bin/qrcode/create').map((call) => call.body)).toEqual([
      { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: 'shop' } } },
      { expire_seconds: 3600, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'promo' } } },
    ]);
    await expect(client.createQrCode({ scene: 'x'.repeat(65), permanent: true })).rejects.toThrow(RangeError);
  });
});

describe('exchangeOAuthCode', () => {
  it('exchanges a code without an access_token and rejects its reuse with 40163', async () => {
    expect(await client.exchangeOAuthCode('code-abc')).toEqual({
      openid: 'oabc',
      unionid: undefined,
      scope: 'snsapi_base',
      isSnapshotUser: false,
    });
    expect(fake.callsTo('/sns/oauth2/access_token')[0]?.query).toEqual({
      appid: 'wxapp',
      secret: 's3cret',
      code: 'code-abc',
      grant_type: 'authorization_code',
    });
    const error = await failure(client.exchangeOAuthCode('code-abc'));
    expect(error).toMatchObject({ errcode: 40163, kind: 'permanent' });
    expect(fake.callsTo(STABLE)).toHaveLength(0);
  });

  it('reports a snapshot-page user', async () => {
    fake.script('/sns/oauth2/access_token', {
      json: { openid: 'o1', scope: 'snsapi_userinfo', is_snapshotuser: 1 },
    });
    expect(await client.exchangeOAuthCode('c')).toMatchObject({
      isSnapshotUser: true,
      scope: 'snsapi_userinfo',
    });
  });
});
