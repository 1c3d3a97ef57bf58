import { hash, timingSafeEqual } from 'node:crypto';

const SHA1_HEX = /^[0-9a-f]{40}$/;
const DIGITS = /^\d{1,15}$/;

/** Scratch space for sorting the parts: signatures are computed synchronously, one at a time. */
const scratch: string[] = [];

/**
 * The parts sorted as plain strings (UTF-16 code units, like Array#sort without a comparator) and
 * concatenated: WeChat's signed text. An insertion sort into a scratch array, because this runs two
 * or three times per webhook request on three or four parts, and `[...parts].sort().join('')`
 * allocated an array, the sort's work space and the joined string each time.
 */
function signedText(parts: readonly string[]): string {
  const count = parts.length;
  for (let index = 0; index < count; index++) {
    const part = parts[index]!;
    let at = index;
    while (at > 0 && scratch[at - 1]! > part) {
      scratch[at] = scratch[at - 1]!;
      at--;
    }
    scratch[at] = part;
  }
  let text = '';
  for (let index = 0; index < count; index++) text += scratch[index]!;
  scratch.length = 0;
  return text;
}

/** WeChat's signature: sort the parts as plain strings, concatenate, SHA-1, lower-case hex. */
export function sha1Signature(parts: readonly string[]): string {
  // One-shot hash: no Hash object per call.
  return hash('sha1', signedText(parts), 'hex');
}

/**
 * Constant-time check of a `signature` / `msg_signature` against the parts. Never throws: anything that
 * is not exactly 40 lower-case hex characters is simply false. Compares the 20 digest bytes.
 */
export function verifySignature(parts: readonly string[], signature: unknown): boolean {
  if (typeof signature !== 'string' || !SHA1_HEX.test(signature)) return false;
  try {
    const expected = hash('sha1', signedText(parts), 'buffer');
    const actual = Buffer.from(signature, 'hex');
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
