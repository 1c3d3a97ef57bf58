/**
 * access_token rules, as WeChat applies them:
 * - stable_token (normal mode) returns the current token while it has more than 5 minutes left, then a
 *   new one (the old one keeps working until it expires); force_refresh issues a new token and the old
 *   one stops working at once;
 * - cgi-bin/token issues a new token on every call; the previous one keeps working for 5 minutes;
 * - an expired token is 42001, a replaced or unknown one 40001.
 */
import { newAccessToken } from './ids.ts';
import type { Store } from './state.ts';

const OVERLAP_MS = 5 * 60 * 1000;

export interface IssuedToken {
  access_token: string;
  expires_in: number;
}

function issue(store: Store, kind: 'stable' | 'classic'): string {
  const token = newAccessToken();
  store.data.tokens.set(token, { kind, expiresAt: store.now() + store.options.tokenTtlSeconds * 1000 });
  return token;
}

function answer(store: Store, token: string): IssuedToken {
  const record = store.data.tokens.get(token);
  const remaining = record ? Math.max(0, Math.floor((record.expiresAt - store.now()) / 1000)) : 0;
  return { access_token: token, expires_in: remaining };
}

export function getStableToken(store: Store, forceRefresh: boolean): IssuedToken {
  const data = store.data;
  const current = data.currentStable === undefined ? undefined : data.tokens.get(data.currentStable);
  const now = store.now();
  const usable = current && current.revokedAt === undefined && current.expiresAt - now > OVERLAP_MS;
  if (data.currentStable !== undefined && usable && !forceRefresh) return answer(store, data.currentStable);
  if (forceRefresh && current) current.revokedAt = now;
  data.currentStable = issue(store, 'stable');
  return answer(store, data.currentStable);
}

export function getClassicToken(store: Store): IssuedToken {
  const data = store.data;
  const previous = data.currentClassic === undefined ? undefined : data.tokens.get(data.currentClassic);
  if (previous && previous.revokedAt === undefined) {
    previous.revokedAt = Math.min(previous.expiresAt, store.now() + OVERLAP_MS);
  }
  data.currentClassic = issue(store, 'classic');
  return answer(store, data.currentClassic);
}

export interface TokenProblem {
  errcode: number;
  errmsg: string;
}

/** undefined when the token may call the API, else the error WeChat answers. */
export function checkAccessToken(store: Store, token: string | undefined): TokenProblem | undefined {
  if (!token) return { errcode: 41001, errmsg: 'access_token missing' };
  const record = store.data.tokens.get(token);
  const now = store.now();
  if (!record || (record.revokedAt !== undefined && record.revokedAt <= now)) {
    return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' };
  }
  if (record.expiresAt <= now) return { errcode: 42001, errmsg: 'access_token expired' };
  return undefined;
}

export function getJsapiTicket(store: Store): { ticket: string; expires_in: number } {
  const data = store.data;
  const now = store.now();
  if (!data.jsapiTicket || data.jsapiTicket.expiresAt <= now) {
    data.jsapiTicket = { value: newAccessToken().slice(0, 86), expiresAt: now + 7200 * 1000 };
  }
  return {
    ticket: data.jsapiTicket.value,
    expires_in: Math.floor((data.jsapiTicket.expiresAt - now) / 1000),
  };
}
