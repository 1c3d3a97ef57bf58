import { randomBytes } from 'node:crypto';
import { sameOriginPath } from '@weshop/core';
import { touchFan } from '@weshop/db';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { WeChatApiError, buildAuthorizeUrl } from '@weshop/wechat';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { startFanSession } from '../auth/fan-session.ts';
import { safeEqual, signValue, verifySignedValue } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/router.ts';
import { OAUTH_PAGE_CSS, OAUTH_PAGE_CSS_PATH, oauthFailurePage } from './oauth-page.ts';

/** How long a fan has to come back from WeChat's authorize page. */
const STATE_TTL_MS = 10 * 60_000;
const NONCE_COOKIE = 'weshop_oauth';
const StateSchema = z.object({
  r: z.string(),
  x: z.number(),
  n: z.string(),
  a: z.number().int().min(0).max(1),
});

/** Where a fan lands after login when the redirect asked for is missing or leads off the shop. */
export const DEFAULT_REDIRECT = '/shop/';

/**
 * The normalised same-origin path to go back to after login (`sameOriginPath` in core), or
 * DEFAULT_REDIRECT for anything else: other hosts, `//evil`, `/..//evil`, backslashes, control characters.
 */
export function safeRedirect(value: string | undefined, publicUrl: string): string {
  return sameOriginPath(value, publicUrl) ?? DEFAULT_REDIRECT;
}

/**
 * WeChat OAuth (snsapi_base, silent): `/oauth/wechat?redirect=/path` → WeChat's authorize page →
 * `/oauth/wechat/callback?code&state` → the fan's session cookie → back to the path. The state is
 * signed, expires, and is bound to this browser by a nonce cookie (no login CSRF). A used or invalid
 * code (40163 / 40029, e.g. after the back button) gets one fresh attempt, then a friendly page.
 */
export function createOAuthRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const secret = `oauth:${deps.config.sessionSecret}`;

  app.get(OAUTH_PAGE_CSS_PATH, (c) =>
    c.body(OAUTH_PAGE_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    }),
  );

  app.get('/oauth/wechat', (c) => {
    const redirect = safeRedirect(c.req.query('redirect'), deps.config.publicUrl);
    const attempt = c.req.query('retry') === '1' ? 1 : 0;
    const nonce = randomBytes(16).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ r: redirect, x: deps.now().getTime() + STATE_TTL_MS, n: nonce, a: attempt }),
    ).toString('base64url');
    setCookie(c, NONCE_COOKIE, nonce, {
      httpOnly: true,
      secure: deps.config.secureCookies,
      sameSite: 'Lax',
      path: '/oauth',
      maxAge: STATE_TTL_MS / 1000,
    });
    const url = buildAuthorizeUrl({
      oauthBase: deps.wechat.config.oauthBase,
      appId: deps.wechat.config.appId,
      redirectUri: `${deps.config.publicUrl}/oauth/wechat/callback`,
      scope: 'snsapi_base',
      state: signValue(payload, secret),
    });
    return c.redirect(url, 302);
  });

  app.get('/oauth/wechat/callback', async (c) => {
    const code = c.req.query('code');
    const state = readState(c.req.query('state'), secret, deps.now().getTime());
    const nonce = getCookie(c, NONCE_COOKIE);
    if (!state || !nonce || !safeEqual(nonce, state.n)) {
      return c.html(oauthFailurePage('登录链接已失效', '请回到公众号，重新点击菜单或链接进入商城。'), 400);
    }
    if (!code) return c.html(oauthFailurePage('未能完成微信授权', '请回到公众号重新进入商城。'), 400);
    deleteCookie(c, NONCE_COOKIE, { path: '/oauth' });
    // The state is ours (signed), but its redirect is checked again: never trust it to be safe.
    const redirect = safeRedirect(state.r, deps.config.publicUrl);
    try {
      const result = await deps.wechat.client.exchangeOAuthCode(code);
      await touchFan(deps.db, result.openid, deps.now().toISOString());
      await startFanSession(c, deps, { openid: result.openid, snapshot: result.isSnapshotUser });
      return c.redirect(redirect, 302);
    } catch (error) {
      const codeProblem = error instanceof WeChatApiError && [40029, 40163].includes(error.errcode);
      if (codeProblem && state.a === 0) {
        return c.redirect(`/oauth/wechat?redirect=${encodeURIComponent(redirect)}&retry=1`, 302);
      }
      deps.logger.warn({ err: error }, 'oauth: code exchange failed');
      return c.html(
        oauthFailurePage('微信登录暂时不可用', '请稍后回到公众号重新进入商城。'),
        codeProblem ? 400 : 502,
      );
    }
  });
  return app;
}

function readState(
  value: string | undefined,
  secret: string,
  now: number,
): z.infer<typeof StateSchema> | null {
  const payload = value ? verifySignedValue(value, secret) : null;
  if (!payload) return null;
  try {
    const parsed = StateSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success && parsed.data.x > now ? parsed.data : null;
  } catch {
    return null;
  }
}

export function documentOAuthRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/oauth/wechat',
    tags: ['shop'],
    summary: "Start the fan's silent WeChat login; 302 to WeChat's authorize page",
    request: {
      query: z.object({
        redirect: z.string().optional().meta({ description: 'Same-origin path to return to' }),
      }),
    },
    responses: { 302: { description: "Redirect to WeChat's authorize URL with a signed, expiring state" } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/oauth/wechat/callback',
    tags: ['shop'],
    summary: "WeChat's return: exchanges the code, sets the fan's session cookie, 302 to the redirect path",
    request: { query: z.object({ code: z.string(), state: z.string() }) },
    responses: {
      302: { description: 'Logged in; back to the page (or one fresh attempt after an expired code)' },
      400: { description: 'Invalid or expired state, or the code failed twice: a friendly page' },
      502: { description: 'WeChat unreachable: a friendly page' },
    },
  });
}
