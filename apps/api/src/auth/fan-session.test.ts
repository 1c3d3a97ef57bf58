import { Hono } from 'hono';
import { setSignedCookie } from 'hono/cookie';
import { recordSubscribe } from '@weshop/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import type { AppEnv } from '../http/router.ts';
import { FAN_SESSION_TTL_MS, fanCookieName, startFanSession, verifySignedCookie } from './fan-session.ts';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';

/** A cookie value exactly as hono's setSignedCookie writes it (URL-decoded, as getCookie returns it). */
async function signed(value: string, secret = SECRET): Promise<string> {
  const app = new Hono().get('/', async (c) => {
    await setSignedCookie(c, 'k', value, secret);
    return c.body(null);
  });
  const header = (await app.request('/')).headers.get('set-cookie')!;
  return decodeURIComponent(header.split(';')[0]!.slice('k='.length));
}

describe('verifySignedCookie', () => {
  it('reads a value signed by hono', async () => {
    expect(verifySignedCookie(await signed('eyJvIjoibzEifQ'), SECRET)).toBe('eyJvIjoibzEifQ');
  });

  it('refuses another secret, a flipped bit, a bare value and nothing', async () => {
    const cookie = await signed('eyJvIjoibzEifQ');
    expect(verifySignedCookie(await signed('eyJvIjoibzEifQ', `${SECRET}-staging`), SECRET)).toBeNull();
    const flipped = `${cookie.slice(0, 3)}${cookie[3] === 'A' ? 'B' : 'A'}${cookie.slice(4)}`;
    expect(verifySignedCookie(flipped, SECRET)).toBeNull();
    expect(verifySignedCookie('eyJvIjoibzEifQ', SECRET)).toBeNull();
    expect(verifySignedCookie('eyJvIjoibzEifQ.', SECRET)).toBeNull();
    expect(verifySignedCookie('.abc', SECRET)).toBeNull();
    expect(verifySignedCookie(undefined, SECRET)).toBeNull();
  });
});

describe('reading the fan session on every request', () => {
  let t: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    other = await createTestApp('sqlite', { env: { SESSION_SECRET: `${'s'.repeat(40)}-another-instance` } });
    await recordSubscribe(t.database.db, { openid: 'oSessionFan00000000000000001', scene: null });
  });
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  async function issueCookie(): Promise<string> {
    const issuer = new Hono<AppEnv>().get('/', async (c) => {
      await startFanSession(c, t.deps, { openid: 'oSessionFan00000000000000001', snapshot: false });
      return c.body(null, 204);
    });
    const header = (await issuer.request(t.config.publicUrl)).headers.get('set-cookie') ?? '';
    return header.split(';')[0]!;
  }

  const me = (app: TestApp, cookie: string) => app.request('/api/shop/me', { headers: { cookie } });

  it('accepts a verified cookie again, and never a forged one or one past its expiry', async () => {
    const cookie = await issueCookie();
    expect((await me(t, cookie)).status).toBe(200);
    expect((await me(t, cookie)).status).toBe(200);
    const value = cookie.slice(cookie.indexOf('=') + 1);
    const forged = `${fanCookieName(t.config)}=${value.slice(0, 5)}${value[5] === 'A' ? 'B' : 'A'}${value.slice(6)}`;
    expect((await me(t, forged)).status).toBe(401);
    // Signed with another instance's secret: refused there even though this instance knows it.
    expect((await me(other, cookie)).status).toBe(401);
    // Other spellings of the same signature (signatures.test.ts has the full list).
    for (const spelling of [`${cookie}AAAA`, cookie.replace(/%3D$/, ''), `${cookie}%3D`, `${cookie}%20x`]) {
      expect((await me(t, spelling)).status, spelling).toBe(401);
    }
    t.setNow(new Date(Date.now() + FAN_SESSION_TTL_MS + 60_000));
    expect((await me(t, cookie)).status).toBe(401);
    t.setNow(new Date());
  });
});
