import { WeChatApiError } from '@weshop/wechat';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, stubWeChatClient } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { signValue } from '../auth/tokens.ts';
import { safeRedirect } from './oauth.ts';

/** Codes the stubbed WeChat accepts: code → openid; `used` and `bad` fail like WeChat does. */
const CODES: Record<string, string> = {
  good: 'oFanGood000000000000000000001',
  snap: 'oFanSnapshot0000000000000001',
};

/**
 * Redirects that must never leave the shop: protocol-relative and backslash forms, encoded dots and
 * slashes (single and double), dot segments that normalise to `//`, tabs / newlines / NUL that URL
 * parsers drop, userinfo `@`, other schemes, unicode look-alike slashes and dots.
 */
const BYPASSES = [
  '//evil.com',
  '///evil.com',
  '////evil.com',
  '/\\evil.com',
  '\\\\evil.com',
  '\\/evil.com',
  '/\\/evil.com',
  '//\\evil.com',
  '/%2fevil.com',
  '/%2f%2fevil.com',
  '%2f%2fevil.com',
  '/%5cevil.com',
  '/%5C%5Cevil.com',
  '/..//evil.com',
  '/../..//evil.com',
  '/shop/../..//evil.com',
  '/shop/..//evil.com',
  '/%2e%2e//evil.com',
  '/%2E%2E//evil.com',
  '/.%2e//evil.com',
  '/%2e.//evil.com',
  '/.//evil.com',
  '/./\\evil.com',
  '/%252e%252e//evil.com',
  '/%252f%252fevil.com',
  '/\t/evil.com',
  '/\n/evil.com',
  '/\r/evil.com',
  '/\r\n/evil.com',
  '\t//evil.com',
  ' //evil.com',
  '/\u0000/evil.com',
  '/%09/evil.com',
  '/%0a/evil.com',
  '//evil.com@shop.test',
  '//shop.test@evil.com',
  '/@evil.com',
  '@evil.com',
  'http://shop.test@evil.com',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  '/javascript:alert(1)',
  'java\nscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'http://evil.com',
  'https://evil.com/shop/',
  'https:evil.com',
  'http:evil.com',
  'https:/evil.com',
  'http:\\\\evil.com',
  'https://shop.test.evil.com/',
  'https://evil.com#@shop.test',
  '\uff0f\uff0fevil.com',
  '/\uff0fevil.com',
  '\uff3c\uff3cevil.com',
  '//evil\u3002com',
  '/\u2215\u2215evil.com',
  'evil.com',
  '',
];

/** What a browser would do with the Location: stay on the shop's origin, at a plain path. */
function expectSameOrigin(location: string | null): void {
  expect(location).toMatch(/^\/(?![/\\])/);
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  expect(location).not.toMatch(/[\u0000-\u0020\u007f\\]/);
  expect(new URL(location!, 'http://shop.test').origin).toBe('http://shop.test');
}

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
    [undefined, '/shop/'],
    ['https://evil.example/x', '/shop/'],
    ['//evil.example/x', '/shop/'],
    ['/\\evil.example', '/shop/'],
    ['/a\u0000b', '/shop/'],
    ['javascript:alert(1)', '/shop/'],
    ['/..//evil.example', '/shop/'],
    ['/shop/search?q=连衣裙&from=chat', '/shop/search?q=%E8%BF%9E%E8%A1%A3%E8%A3%99&from=chat'],
  ])('%j → %j', (input, expected) => {
    expect(safeRedirect(input, base)).toBe(expected);
  });
});

describe.each(testDialects())('WeChat OAuth login on %s', (dialect) => {
  let t: TestApp;
  let exchanges = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      wechat: stubWeChatClient({
        exchangeOAuthCode: async (code: string) => {
          exchanges++;
          if (code === 'used') throw new WeChatApiError(40163, 'code been used', '/sns/oauth2/access_token');
          if (code === 'bad') throw new WeChatApiError(40029, 'invalid code', '/sns/oauth2/access_token');
          const openid = CODES[code];
          if (!openid) throw new Error('network down');
          return { openid, scope: 'snsapi_base', isSnapshotUser: code === 'snap' };
        },
      }),
    });
  });
  afterAll(() => t.close());

  async function start(redirect = '/shop/orders', raw = false) {
    const response = await t.request(
      `/oauth/wechat?redirect=${raw ? redirect : encodeURIComponent(redirect)}`,
    );
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
    expect(callback.headers.get('location')).toBe('/shop/');
  });

  async function roundTrip(redirect: string, raw = false): Promise<string | null> {
    const { state, cookie } = await start(redirect, raw);
    const callback = await t.request(`/oauth/wechat/callback?code=good&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    expect(callback.status).toBe(302);
    return callback.headers.get('location');
  }

  it.each(BYPASSES)('never leaves the shop after login for redirect=%j', async (redirect) => {
    expectSameOrigin(await roundTrip(redirect));
  });

  it.each(['/..//evil.com', '/%2e%2e//evil.com', '/shop/../..//evil.com', '%2F%2Fevil.com', '/%5C/evil.com'])(
    'never leaves the shop after login for the raw query redirect=%s',
    async (redirect) => {
      expectSameOrigin(await roundTrip(redirect, true));
    },
  );

  it.each(['/shop/search?q=连衣裙&from=chat', '/shop/orders/12#x', '/shop/', '/shop/products/7?from=menu'])(
    'returns to the good redirect %j after login',
    async (redirect) => {
      const location = await roundTrip(redirect);
      expectSameOrigin(location);
      expect(new URL(location!, 'http://shop.test').href).toBe(new URL(redirect, 'http://shop.test').href);
    },
  );

  it.each(['//evil.com', '/..//evil.com', 'https://evil.com', '/\\evil.com'])(
    'checks the redirect of the state again at the callback (%j signed into the state)',
    async (redirect) => {
      const { cookie, state } = await start('/shop/');
      const [payload] = state.split('.');
      const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      const forged = signValue(
        Buffer.from(JSON.stringify({ ...decoded, r: redirect })).toString('base64url'),
        `oauth:${t.config.sessionSecret}`,
      );
      const callback = await t.request(
        `/oauth/wechat/callback?code=good&state=${encodeURIComponent(forged)}`,
        { headers: { cookie } },
      );
      expect(callback.headers.get('location')).toBe('/shop/');
    },
  );

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
