import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWeChat } from '../../notify/fake-wechat.ts';
import type { FakeWeChat } from '../../notify/fake-wechat.ts';
import { createTestApp } from '../../testing.ts';
import type { TestApp } from '../../testing.ts';

const PAGE = encodeURIComponent('http://shop.test/shop/products/1');

/** The real WeChat client against a fake WeChat whose token and ticket calls fail on demand. */
describe('GET /api/shop/wechat/jssdk when WeChat fails', () => {
  let fake: FakeWeChat;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeWeChat();
    t = await createTestApp('sqlite', {
      env: { WECHAT_APPID: 'wx', WECHAT_SECRET: 's', WECHAT_TOKEN: 't', WECHAT_API_BASE: fake.url },
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  afterEach(async () => {
    // Every case starts with nothing cached: the next request asks WeChat for the token and ticket.
    await t.database.db.deleteFrom('wechat_tokens').execute();
  });

  const jssdk = () => t.request(`/api/shop/wechat/jssdk?url=${PAGE}`);

  it.each([
    ['the token call', '/cgi-bin/stable_token', { type: 'http', status: 502 }],
    ['the ticket call', '/cgi-bin/ticket/getticket', { type: 'errcode', errcode: -1 }],
  ] as const)('signs the page after retrying once when %s fails once', async (_, path, fault) => {
    fake.failCall(path, fault);
    const response = await jssdk();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ appId: 'wx', signature: expect.any(String) });
  });

  it.each([
    ['the token call', '/cgi-bin/stable_token', { type: 'http', status: 502 }],
    ['the ticket call', '/cgi-bin/ticket/getticket', { type: 'errcode', errcode: -1 }],
  ] as const)('answers 503 WECHAT_UNAVAILABLE when %s keeps failing', async (_, path, fault) => {
    fake.failCall(path, fault, fault);
    const response = await jssdk();
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 503, code: 'WECHAT_UNAVAILABLE' });
    // Not retried more than once: the next request gets an answer.
    expect((await jssdk()).status).toBe(200);
  });
});
