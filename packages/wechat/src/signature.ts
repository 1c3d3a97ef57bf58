import { hash, timingSafeEqual } from 'node:crypto';

const SHA1_HEX = /^[0-9a-f]{40}$/;
const DIGITS = /^\d{1,15}$/;

/** WeChat's signature: sort the parts as plain strings, concatenate, SHA-1, lower-case hex. */
export function sha1Signature(parts: readonly string[]): string {
  // One-shot hash: no Hash object per call (this runs two or three times per webhook request).
  return hash('sha1', [...parts].sort().join(''), 'hex');
}

/**
 * Constant-time check of a `signature` / `msg_signature` against the parts. Never throws: anything that
 * is not exactly 40 lower-case hex characters is simply false.
 */
export function verifySignature(parts: readonly string[], signature: unknown): boolean {
  if (typeof signature !== 'string' || !SHA1_HEX.test(signature)) return false;
  try {
    const expected = Buffer.from(sha1Signature(parts), 'latin1');
    const actual = Buffer.from(signature, 'latin1');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  } catch {
    return false;
  }
}

/**
 * True when `timestamp` is plain digits (unix seconds) within ±toleranceSeconds of nowSeconds.
 * Exponents, signs, decimals, blanks and non-strings (other than non-negative safe integers) are false.
 */
export function checkTimestamp(timestamp: unknown, nowSeconds: number, toleranceSeconds = 300): boolean {
  let seconds: number;
  if (typeof timestamp === 'string' && DIGITS.test(timestamp)) seconds = Number(timestamp);
  else if (typeof timestamp === 'number' && Number.isSafeInteger(timestamp) && timestamp >= 0)
    seconds = timestamp;
  else return false;
  if (!Number.isFinite(nowSeconds) || !Number.isFinite(toleranceSeconds) || toleranceSeconds < 0)
    return false;
  return Math.abs(seconds - nowSeconds) <= toleranceSeconds;
}
