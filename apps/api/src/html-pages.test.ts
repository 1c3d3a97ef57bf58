/**
 * Every HTML page the API serves (the API docs, the OAuth failure pages) carries the strict CSP and
 * the browser security headers, and needs nothing the CSP forbids: no inline script or style, and
 * every script, stylesheet and icon it links is a same-origin path that is served.
 * (tests/e2e/security-headers.test.ts loads them in Chromium and watches for CSP violations.)
 */
import { WeChatApiError } from '@weshop/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTML_CONTENT_SECURITY_POLICY } from './http/security-headers.ts';
import { createTestApp, stubWeChatClient } from './testing.ts';
import type { TestApp } from './testing.ts';

const SUBRESOURCE = /<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]*)"/g;

describe('HTML pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      wechat: stubWeChatClient({
        exchangeOAuthCode: async () => {
          throw new WeChatApiError(40029, 'invalid code', '/sns/oauth2/access_token');
        },
      }),
    });
  });
  afterAll(() => t.close());

  /** The OAuth failure page as a fan gets it: a used code, twice. */
  async function oauthFailure(): Promise<Response> {
    const start = await t.request('/oauth/wechat?redirect=/shop/&retry=1');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return t.request(`/oauth/wechat/callback?code=used&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
  }

  const pages: [string, () => Promise<Response>][] = [
    ['the API docs', () => t.request('/api/docs')],
    ['the expired-login page', () => t.request('/oauth/wechat/callback?code=x&state=nope')],
    ['the failed-login page', oauthFailure],
  ];

  it.each(pages)('%s carries the CSP and the browser security headers', async (_name, load) => {
    const response = await load();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toBe(HTML_CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it.each(pages)('%s has no inline script, style or handler', async (_name, load) => {
    const html = await (await load()).text();
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/<script\b(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it.each(pages)('%s links only same-origin resources that are served', async (_name, load) => {
    const html = await (await load()).text();
    const links = [...html.matchAll(SUBRESOURCE)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link, link).toMatch(/^\/(?![/\\])/);
      const asset = await t.request(link);
      expect(asset.status, link).toBe(200);
      expect(asset.headers.get('content-type'), link).toMatch(/^(text\/css|text\/javascript|image\/png)/);
    }
  });
});
