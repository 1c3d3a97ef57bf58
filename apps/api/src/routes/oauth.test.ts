import { WeChatApiError } from '@weshop/wechat';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { safeRedirect } from './oauth.ts';

/** Codes the stubbed WeChat accepts: code → openid; `used` and `bad` fail like WeChat does. */
const CODES: Record<string, string> = {
  good: 'oFanGood000000000000000000001',
  snap: 'oFanSnapshot0000000000000001',
};

function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

describe('safeRedirect', () => {
  const base = 'https://shop.example.com';
  it.each([
    ['/shop/orders?id=1#top', '/shop/orders?id=1#top'],
    [undefined, '/'],
    ['https://evil.example/x', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/a\u0000b', '/'],
    ['javascript:alert(1)', '/'],
  ])('%j → %j', (input, expected) => {
    expect(safeRedirect(input, base)).toBe(expected);
  });
});

describe.each(testDialects())('WeChat OAuth login on %s', (dialect) => {
  let t: TestApp;
  let exchanges = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      wechat: (deps) => ({
        ...deps,
        client: {
          ...deps.client,
          exchangeOAuthCode: async (code: string) => {
            exchanges++;
            if (code === 'used')
              throw new WeChatApiError(40163, 'code been used', '/sns/oauth2/access_token');
            if (code === 'bad') throw new WeChatApiError(40029, 'invalid code', '/sns/oauth2/access_token');
            const openid = CODES[code];
            if (!openid) throw new Error('network down');
            return { openid, scope: 'snsapi_base', isSnapshotUser: code === 'snap' };
          },
        },
      }),
    });
  });
  afterAll(() => t.close());

  async function start(redirect = '/shop/orders') {
    const response = await t.request(`/oauth/wechat?redirect=${encodeURIComponent(redirect)}`);
    const location = new URL(response.headers.get('location')!);
    return { response, location, state: location.searchParams.get('state')!, cookie: cookiesOf(response) };
  }

  it("redirects to WeChat's authorize URL with a signed state", async () => {
    const { response, location } = await start();
    expect(response.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(
      `${t.config.wechat.oauthBase}/connect/oauth2/authorize`,
    );
    expect(location.searchParams.get('appid')).toBe(t.config.wechat.appId);
    expect(location.searchParams.get('redirect_uri')).toBe('http://shop.test/oauth/wechat/callback');
    expect(location.searchParams.get('scope')).toBe('snsapi_base');
    expect(location.hash).toBe('#wechat_redirect');
  });

  it('logs the fan in and returns to the page; /api/shop/me then answers', async () => {
    const { state, cookie } = await start('/shop/orders?tab=paid');
    const callback = await t.request(`/oauth/wechat/callback?code=good&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/shop/orders?tab=paid');
    const session = cookiesOf(callback);
    expect(callback.headers.getSetCookie().join()).toMatch(/weshop_fan=.*HttpOnly/i);
    const me = await t.request('/api/shop/me', { headers: { cookie: session } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ openid: CODES.good, balanceFen: 0, snapshotUser: false });
  });

  it('answers /api/shop/me with 401 without a session or with a forged one', async () => {
    expect((await t.request('/api/shop/me')).status).toBe(401);
    const forged = Buffer.from(JSON.stringify({ o: 'oSomeoneElse', e: Date.now() + 1e9, s: false })).toString(
      'base64url',
    );
    for (const cookie of [`weshop_fan=${forged}`, `weshop_fan=${forged}.AAAA`, 'weshop_fan=']) {
      const response = await t.request('/api/shop/me', { headers: { cookie } });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    }
  });

  it('marks snapshot-page users', async () => {
    const { state, cookie } = await start();
    const callback = await t.request(`/oauth/wechat/callback?code=snap&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    const me = await t.request('/api/shop/me', { headers: { cookie: cookiesOf(callback) } });
    expect(await me.json()).toMatchObject({ snapshotUser: true });
  });

  it('refuses a state from another browser, a tampered state and an open redirect', async () => {
    const { state } = await start();
    const other = await start();
    const wrongBrowser = await t.request(
      `/oauth/wechat/callback?code=good&state=${encodeURIComponent(state)}`,
      { headers: { cookie: other.cookie } },
    );
    expect(wrongBrowser.status).toBe(400);
    expect(await wrongBrowser.text()).toContain('登录链接已失效');
    const tampered = await t.request(
      `/oauth/wechat/callback?code=good&state=${encodeURIComponent(`${state}x`)}`,
      { headers: { cookie: other.cookie } },
    );
    expect(tampered.status).toBe(400);
    const missing = await t.request('/oauth/wechat/callback?code=good', {
      headers: { cookie: other.cookie },
    });
    expect(missing.status).toBe(400);
    const offsite = await start('https://evil.example/steal');
    const callback = await t.request(
      `/oauth/wechat/callback?code=good&state=${encodeURIComponent(offsite.state)}`,
      { headers: { cookie: offsite.cookie } },
    );
    expect(callback.headers.get('location')).toBe('/');
  });

  it('refuses an expired state', async () => {
    const { state, cookie } = await start();
    t.setNow(new Date(Date.now() + 11 * 60_000));
    try {
      const response = await t.request(
        `/oauth/wechat/callback?code=good&state=${encodeURIComponent(state)}`,
        { headers: { cookie } },
      );
      expect(response.status).toBe(400);
    } finally {
      t.setNow(new Date());
    }
  });

  it('gives a used code one fresh attempt, then a friendly page instead of a loop', async () => {
    const first = await start('/shop/cart');
    const retry = await t.request(
      `/oauth/wechat/callback?code=used&state=${encodeURIComponent(first.state)}`,
      { headers: { cookie: first.cookie } },
    );
    expect(retry.status).toBe(302);
    expect(retry.headers.get('location')).toBe('/oauth/wechat?redirect=%2Fshop%2Fcart&retry=1');
    const second = await t.request(retry.headers.get('location')!);
    const state = new URL(second.headers.get('location')!).searchParams.get('state')!;
    const final = await t.request(`/oauth/wechat/callback?code=bad&state=${encodeURIComponent(state)}`, {
      headers: { cookie: cookiesOf(second) },
    });
    expect(final.status).toBe(400);
    expect(final.headers.get('content-type')).toMatch(/text\/html/);
    expect(await final.text()).toContain('微信登录暂时不可用');
  });

  it('shows a friendly page when WeChat cannot be reached', async () => {
    const { state, cookie } = await start();
    const before = exchanges;
    const response = await t.request(
      `/oauth/wechat/callback?code=unreachable&state=${encodeURIComponent(state)}`,
      { headers: { cookie } },
    );
    expect(response.status).toBe(502);
    expect(exchanges).toBe(before + 1);
  });
});
