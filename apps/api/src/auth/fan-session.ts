import { DomainError } from '@weshop/core';
import { InsertionMap } from '@weshop/db/collections';
import type { Context, MiddlewareHandler } from 'hono';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { setSignedCookie } from 'hono/cookie';
import { parse as parseCookie } from 'hono/utils/cookie';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/router.ts';

/** A fan's login lasts a week; WeChat's silent OAuth renews it without the fan noticing. */
export const FAN_SESSION_TTL_MS = 7 * 24 * 60 * 60_000;

export interface FanSession {
  openid: string;
  /** WeChat's "snapshot page" virtual user (is_snapshotuser=1): may browse, may not order. */
  snapshot: boolean;
}

const SessionSchema = z.object({ o: z.string().min(1).max(64), e: z.number(), s: z.boolean() });

export function fanCookieName(config: Config): string {
  return config.secureCookies ? '__Host-weshop_fan' : 'weshop_fan';
}

/** Sets the fan's session: a cookie signed with SESSION_SECRET (HMAC-SHA256), httpOnly, SameSite=Lax. */
export async function startFanSession(c: Context<AppEnv>, deps: AppDeps, session: FanSession): Promise<void> {
  const value = JSON.stringify({
    o: session.openid,
    e: deps.now().getTime() + FAN_SESSION_TTL_MS,
    s: session.snapshot,
  });
  await setSignedCookie(
    c,
    fanCookieName(deps.config),
    Buffer.from(value).toString('base64url'),
    deps.config.sessionSecret,
    {
      httpOnly: true,
      secure: deps.config.secureCookies,
      sameSite: 'Lax',
      path: '/',
      maxAge: FAN_SESSION_TTL_MS / 1000,
    },
  );
}

/** A cookie value as hono's setSignedCookie writes ours: a base64url payload, `.`, base64 HMAC-SHA256. */
const SIGNED_COOKIE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9+/]{43}=)$/;

/**
 * The value of a cookie signed by hono's setSignedCookie (`value.base64(HMAC-SHA256(value))`), or null
 * when absent or forged. Only the canonical spelling passes: the signature is compared as the text
 * hono writes, so junk after it, other padding, spaces, the base64url alphabet or stray padding bits
 * (which a base64 decoder forgives) are refused. Checked with node:crypto synchronously: WebCrypto's
 * async import-and-verify per request cost more than the rest of reading the session (every shop
 * request reads it).
 */
export function verifySignedCookie(cookie: string | undefined, secret: string): string | null {
  const match = cookie ? SIGNED_COOKIE.exec(cookie) : null;
  if (!match) return null;
  const [, value, signature] = match as unknown as [string, string, string];
  const expected = createHmac('sha256', secret).update(value).digest('base64');
  return timingSafeEqual(Buffer.from(signature), Buffer.from(expected)) ? value : null;
}

type SessionPayload = z.infer<typeof SessionSchema>;

/**
 * Sessions already verified and decoded, per configuration (so per secret and cookie name), by the
 * whole Cookie header: every shop request reads the session, and a browser sends the same header
 * request after request, so a known one skips parsing the cookies as well as the HMAC. A header is
 * only ever found here after its session cookie passed the HMAC check once under this
 * configuration's secret; the session's expiry is still checked on every request.
 */
const verifiedHeaders = new WeakMap<Config, InsertionMap<string, SessionPayload>>();
const VERIFIED_MAX = 10_000;

function sessionPayload(header: string | undefined, config: Config): SessionPayload | null {
  if (!header) return null;
  let verified = verifiedHeaders.get(config);
  if (!verified) verifiedHeaders.set(config, (verified = new InsertionMap(VERIFIED_MAX)));
  const known = verified.get(header);
  if (known) return known;
  const name = fanCookieName(config);
  const raw = verifySignedCookie(parseCookie(header, name)[name], config.sessionSecret);
  if (!raw) return null;
  let payload: SessionPayload;
  try {
    const parsed = SessionSchema.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    payload = parsed.data;
  } catch {
    return null;
  }
  verified.set(header, payload);
  return payload;
}

export async function readFanSession(c: Context<AppEnv>, deps: AppDeps): Promise<FanSession | null> {
  const payload = sessionPayload(c.req.header('cookie'), deps.config);
  if (!payload || payload.e <= deps.now().getTime()) return null;
  return { openid: payload.o, snapshot: payload.s };
}

/** 401 UNAUTHENTICATED without a valid fan session; otherwise `c.get('fan')`. */
export function requireFan(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = await readFanSession(c, deps);
    if (!session) throw new DomainError('UNAUTHENTICATED');
    c.set('fan', session);
    await next();
  };
}
