import { checkTimestamp, verifySignature } from '@weshop/wechat';
import type { AppDeps } from '../../deps.ts';

/** A single-valued query parameter, or undefined when absent or repeated. */
export function single(query: Record<string, string[]>, name: string): string | undefined {
  const values = query[name];
  return values?.length === 1 ? values[0] : undefined;
}

/**
 * The 3-field signature (SHA-1 over token, timestamp, nonce) every request from WeChat carries, and a
 * fresh timestamp. URL verification skips the freshness check: the platform's "submit" button may be
 * pressed minutes after its page loaded.
 */
export function isSignedByWeChat(
  deps: AppDeps,
  query: Record<string, string[]>,
  options: { fresh: boolean } = { fresh: true },
): boolean {
  const timestamp = single(query, 'timestamp');
  const nonce = single(query, 'nonce');
  if (timestamp === undefined || nonce === undefined) return false;
  if (options.fresh && !checkTimestamp(timestamp, Math.floor(deps.now().getTime() / 1000))) return false;
  return verifySignature([deps.wechat.config.token, timestamp, nonce], single(query, 'signature'));
}
