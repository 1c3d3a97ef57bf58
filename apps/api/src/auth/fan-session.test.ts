import { Hono } from 'hono';
import { setSignedCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { verifySignedCookie } from './fan-session.ts';

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
