import { createHash, randomInt } from 'node:crypto';

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NONCE_LENGTH = 16;

export interface JsSdkSignInput {
  ticket: string;
  nonceStr: string;
  timestamp: number | string;
  /** The page URL; anything from `#` on is dropped. */
  url: string;
}

export interface JsSdkConfigInput {
  appId: string;
  ticket: string;
  url: string;
  nonceStr?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  jsApiList?: string[];
}

/** What the page passes to `wx.config` (plus its own `debug` flag). */
export interface JsSdkConfig {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
  jsApiList: string[];
}

/** The URL as signed: everything before the first `#`. */
export function stripUrlFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/**
 * JS-SDK signature: `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` (keys in ASCII order, raw values, no
 * URL-escaping) → SHA-1 lower-case hex.
 */
export function signJsSdk({ ticket, nonceStr, timestamp, url }: JsSdkSignInput): string {
  const fields: [string, string][] = [
    ['jsapi_ticket', ticket],
    ['noncestr', nonceStr],
    ['timestamp', String(timestamp)],
    ['url', stripUrlFragment(url)],
  ];
  const joined = fields
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

/** 16 random characters of [A-Za-z0-9]. */
export function createNonceStr(length = NONCE_LENGTH): string {
  let nonce = '';
  for (let index = 0; index < length; index++) nonce += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return nonce;
}

/** Everything `wx.config` needs for one page URL, signed with the given jsapi_ticket. */
export function buildJsSdkConfig(input: JsSdkConfigInput): JsSdkConfig {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const nonceStr = input.nonceStr ?? createNonceStr();
  return {
    appId: input.appId,
    timestamp,
    nonceStr,
    signature: signJsSdk({ ticket: input.ticket, nonceStr, timestamp, url: input.url }),
    jsApiList: [...(input.jsApiList ?? [])],
  };
}
