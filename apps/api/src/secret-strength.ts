/**
 * A rough strength check for server secrets (SESSION_SECRET), to refuse the obviously weak ones at
 * start: not a measure of real randomness, only a floor that typos, placeholders and patterns fall
 * under. The estimate (docs/operations.md#configuration):
 *
 *   bits = period × log2(distinct characters)
 *
 * where `period` is the length of the shortest prefix the secret repeats at least twice (the whole
 * length for a secret that does not repeat itself: `abcabcabc` has period 3, `xxxx` period 1) and the distinct
 * characters stand in for the alphabet it was drawn from. `openssl rand -hex 32` gives 64 × 4 = 256
 * bits, `openssl rand -base64 32` about 44 × 5 = 220; one repeated character gives 0.
 */

/** Secrets must reach this many estimated bits. */
export const MIN_SECRET_BITS = 128;

/**
 * The length of the shortest prefix that `text` repeats at least twice (the last copy may be cut
 * short), or the whole length when it does not repeat itself.
 */
function periodOf(text: string): number {
  const chars = [...text];
  for (let period = 1; period * 2 <= chars.length; period++) {
    let repeats = true;
    for (let i = period; i < chars.length && repeats; i++) repeats = chars[i] === chars[i - period];
    if (repeats) return period;
  }
  return chars.length;
}

/** The estimated entropy of `secret` in bits (see the formula above). */
export function estimateSecretBits(secret: string): number {
  const distinct = new Set(secret).size;
  return distinct < 2 ? 0 : periodOf(secret) * Math.log2(distinct);
}

/** Why `secret` is too weak to sign sessions, or undefined when it passes. */
export function secretWeakness(secret: string, known: readonly string[] = []): string | undefined {
  if (known.includes(secret)) return 'is the development default: set your own (use `openssl rand -hex 32`)';
  const period = periodOf(secret);
  if (period < [...secret].length) {
    return `repeats a pattern of ${period} character(s): use a random value (\`openssl rand -hex 32\`)`;
  }
  const bits = Math.floor(estimateSecretBits(secret));
  if (bits < MIN_SECRET_BITS) {
    return `is too guessable (about ${bits} bits, needs ${MIN_SECRET_BITS}): use \`openssl rand -hex 32\``;
  }
  return undefined;
}
