/**
 * Identifiers shaped like WeChat's: openids, 64-bit message ids (always above 2^53, so a client that
 * parses them as JS numbers loses precision and is caught), tokens, tickets and nonces.
 */
import { randomBytes, randomInt } from 'node:crypto';

/** `o` + 27 base64url characters, like a real service-account openid. */
export function newOpenid(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

/** A random unsigned 64-bit id in [2^62, 2^63), as a decimal string. */
export function newMsgId(): string {
  const value = randomBytes(8).readBigUInt64BE(0);
  return (BigInt.asUintN(62, value) | (1n << 62n)).toString();
}

export function newAccessToken(): string {
  return randomBytes(96).toString('base64url');
}

export function newTicket(prefix: string): string {
  return `${prefix}${randomBytes(36).toString('base64url')}`;
}

export function newCode(): string {
  return randomBytes(16).toString('hex');
}

/** A numeric nonce like the ones WeChat sends (9–10 digits). */
export function newNonce(): string {
  return String(randomInt(100_000_000, 2_147_483_647));
}
