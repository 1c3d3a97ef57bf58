/**
 * Web OAuth2 (网页授权): the authorize URL the browser is sent to, and the reading of the code-exchange
 * answer (the exchange itself is `WeChatClient.exchangeOAuthCode`, it needs the AppSecret).
 */
import { z } from 'zod';

export type OAuthScope = 'snsapi_base' | 'snsapi_userinfo';

export interface AuthorizeUrlOptions {
  /** Default https://open.weixin.qq.com */
  oauthBase?: string;
  appId: string;
  /** Its host must be the account's configured 网页授权域名. */
  redirectUri: string;
  scope: OAuthScope;
  /** Echoed back on the redirect: use it against CSRF (a-zA-Z0-9, at most 128 bytes). */
  state: string;
}

/** `{base}/connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope&state#wechat_redirect` */
export function buildAuthorizeUrl(options: AuthorizeUrlOptions): string {
  const base = (options.oauthBase ?? 'https://open.weixin.qq.com').replace(/\/+$/, '');
  const query = [
    `appid=${encodeURIComponent(options.appId)}`,
    `redirect_uri=${encodeURIComponent(options.redirectUri)}`,
    'response_type=code',
    `scope=${encodeURIComponent(options.scope)}`,
    `state=${encodeURIComponent(options.state)}`,
  ].join('&');
  return `${base}/connect/oauth2/authorize?${query}#wechat_redirect`;
}

/** Who signed in, from GET /sns/oauth2/access_token (the web access_token itself is not kept). */
export interface OAuthIdentity {
  openid: string;
  /** Only when the account is bound to an Open Platform account. */
  unionid?: string;
  scope: string;
  /** A visitor of the snapshot page (快照页) that WeChat shows for an improper snsapi_userinfo request. */
  isSnapshotUser: boolean;
}

export const OAuthAnswerSchema = z
  .object({
    openid: z.string().min(1),
    unionid: z.string().optional(),
    scope: z.string(),
    is_snapshotuser: z.number().optional(),
  })
  .transform((answer): OAuthIdentity => ({
    openid: answer.openid,
    unionid: answer.unionid,
    scope: answer.scope,
    isSnapshotUser: answer.is_snapshotuser === 1,
  }));
