/**
 * Web OAuth (网页授权). The browser's "current fan" is the `sim_openid` cookie, set by the chat page
 * and by /__sim/open; without it the authorize page asks which fan to be. Codes work once, for 5
 * minutes; reuse is 40163, unknown or expired 40029.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createFan } from '../fans/actions.ts';
import { newAccessToken, newCode } from '../ids.ts';
import type { SnsToken, Store } from '../state.ts';
import { renderFanPicker, renderOAuthError } from '../page/oauth-page.ts';
import { WeChatError, wxOk } from './http.ts';

export const FAN_COOKIE = 'sim_openid';
const CODE_TTL_MS = 5 * 60 * 1000;
const SNS_TTL_SECONDS = 7200;
const SCOPES = new Set(['snsapi_base', 'snsapi_userinfo']);

export function setFanCookie(c: Context, openid: string): void {
  setCookie(c, FAN_COOKIE, openid, { path: '/', sameSite: 'Lax', maxAge: 30 * 24 * 3600 });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function oauthRoutes(store: Store): { connect: Hono; sns: Hono } {
  const connect = new Hono();
  const sns = new Hono();

  connect.get('/oauth2/authorize', (c) => {
    const q = (name: string) => c.req.query(name) ?? '';
    if (q('appid') !== store.options.appId) return c.html(renderOAuthError('appid 参数错误'), 400);
    if (!isHttpUrl(q('redirect_uri'))) return c.html(renderOAuthError('redirect_uri 参数错误'), 400);
    if (q('response_type') !== 'code') return c.html(renderOAuthError('response_type 参数错误'), 400);
    if (!SCOPES.has(q('scope'))) return c.html(renderOAuthError('scope 参数错误或没有 scope 权限'), 400);

    let openid = getCookie(c, FAN_COOKIE);
    if (q('sim_new') === '1') {
      openid = createFan(store, { nickname: q('nickname').trim().slice(0, 32) || undefined }).openid;
      setFanCookie(c, openid);
    } else if (q('sim_openid') && store.data.fans.has(q('sim_openid'))) {
      openid = q('sim_openid');
      setFanCookie(c, openid);
    }
    if (!openid || !store.data.fans.has(openid)) {
      const params = Object.fromEntries(
        ['appid', 'redirect_uri', 'response_type', 'scope', 'state'].map((name) => [name, q(name)]),
      );
      return c.html(renderFanPicker([...store.data.fans.values()], params));
    }
    const code = newCode();
    store.data.oauthCodes.set(code, {
      openid,
      scope: q('scope'),
      expiresAt: store.now() + CODE_TTL_MS,
      used: false,
    });
    const target = new URL(q('redirect_uri'));
    target.searchParams.set('code', code);
    target.searchParams.set('state', q('state'));
    return c.redirect(target.toString(), 302);
  });

  const issue = (openid: string, scope: string) => {
    const token: SnsToken = { openid, scope, expiresAt: store.now() + SNS_TTL_SECONDS * 1000 };
    const accessToken = newAccessToken();
    const refreshToken = newAccessToken();
    store.data.snsTokens.set(accessToken, token);
    store.data.snsRefreshTokens.set(refreshToken, {
      ...token,
      expiresAt: store.now() + 30 * 24 * 3600 * 1000,
    });
    return {
      access_token: accessToken,
      expires_in: SNS_TTL_SECONDS,
      refresh_token: refreshToken,
      openid,
      scope,
    };
  };

  sns.get('/oauth2/access_token', (c) => {
    if (c.req.query('appid') !== store.options.appId) throw new WeChatError(40013, 'invalid appid');
    if (c.req.query('secret') !== store.options.secret) throw new WeChatError(40125, 'invalid appsecret');
    if (c.req.query('grant_type') !== 'authorization_code')
      throw new WeChatError(40002, 'invalid grant_type');
    const codeText = c.req.query('code');
    if (!codeText) throw new WeChatError(41008, 'missing code');
    const code = store.data.oauthCodes.get(codeText);
    if (!code || code.expiresAt <= store.now()) throw new WeChatError(40029, 'invalid code');
    if (code.used) throw new WeChatError(40163, 'code been used');
    code.used = true;
    return c.json(issue(code.openid, code.scope));
  });

  sns.get('/oauth2/refresh_token', (c) => {
    if (c.req.query('appid') !== store.options.appId) throw new WeChatError(40013, 'invalid appid');
    if (c.req.query('grant_type') !== 'refresh_token') throw new WeChatError(40002, 'invalid grant_type');
    const refresh = store.data.snsRefreshTokens.get(c.req.query('refresh_token') ?? '');
    if (!refresh || refresh.expiresAt <= store.now()) throw new WeChatError(40030, 'invalid refresh_token');
    return c.json(issue(refresh.openid, refresh.scope));
  });

  const snsToken = (c: Context): SnsToken => {
    const token = store.data.snsTokens.get(c.req.query('access_token') ?? '');
    if (!token) throw new WeChatError(40001, 'invalid credential, access_token is invalid or not latest');
    if (token.expiresAt <= store.now()) throw new WeChatError(42001, 'access_token expired');
    if (c.req.query('openid') !== token.openid) throw new WeChatError(40003, 'invalid openid');
    return token;
  };

  sns.get('/auth', (c) => {
    snsToken(c);
    return wxOk(c);
  });

  sns.get('/userinfo', (c) => {
    const token = snsToken(c);
    if (token.scope !== 'snsapi_userinfo') throw new WeChatError(48001, 'api unauthorized');
    const fan = store.data.fans.get(token.openid);
    return c.json({
      openid: token.openid,
      nickname: fan?.nickname ?? '',
      sex: 0,
      province: '',
      city: '',
      country: '',
      headimgurl: '',
      privilege: [],
    });
  });

  return { connect, sns };
}
