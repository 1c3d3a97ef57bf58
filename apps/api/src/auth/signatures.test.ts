/**
 * Signed values we issue accept only their canonical encoding: the fan cookie (hono's format,
 * `value.base64(HMAC)` with its one `=`) and the OAuth state (`value.base64url(HMAC)`). A base64
 * decoder forgives a lot (junk after the padding, missing or extra `=`, spaces, the other alphabet,
 * non-zero padding bits in the last character): each of those is a second spelling of one signature.
 */
import { createHmac } from 'node:crypto';
import { Hono } from 'hono';
import { setSignedCookie } from 'hono/cookie';
import { describe, expect, it } from 'vitest';
import { verifySignedCookie } from './fan-session.ts';
import { signValue, verifySignedValue } from './tokens.ts';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A cookie value exactly as hono's setSignedCookie writes it (URL-decoded, as getCookie returns it). */
async function honoSigned(value: string): Promise<string> {
  const app = new Hono().get('/', async (c) => {
    await setSignedCookie(c, 'k', value, SECRET);
    return c.body(null);
  });
  const header = (await app.request('/')).headers.get('set-cookie')!;
  return decodeURIComponent(header.split(';')[0]!.slice('k='.length));
}

/** Other spellings of the same signature bytes, and junk a lenient decoder skips. */
function malleations(signed: string, alphabet: string): [string, string][] {
  const dot = signed.lastIndexOf('.');
  const payload = signed.slice(0, dot);
  const signature = signed.slice(dot + 1);
  const bare = signature.replace(/=+$/, '');
  const last = bare.at(-1)!;
  // 32 bytes in 43 characters: the last one carries 2 padding bits a decoder ignores.
  const paddingBits = alphabet[alphabet.indexOf(last) ^ 1]!;
  const other = alphabet === STANDARD ? URL_SAFE : STANDARD;
  const translated = [...signature].map((char) => other[alphabet.indexOf(char)] ?? char).join('');
  const at = (text: string, index: number, insert: string) =>
    `${text.slice(0, index)}${insert}${text.slice(index)}`;
  const variants: [string, string][] = [
    ['trailing junk', `${signed}AAAA`],
    ['trailing junk after the padding', `${signed}=x`],
    ['an extra =', `${signed}=`],
    ['== padding', `${payload}.${bare}==`],
    ['no padding', `${payload}.${bare}`],
    [
      'non-zero padding bits in the last character',
      `${payload}.${bare.slice(0, -1)}${paddingBits}${signature.slice(bare.length)}`,
    ],
    ['a space inside', `${payload}.${at(signature, 10, ' ')}`],
    ['a trailing space', `${signed} `],
    ['a tab inside', `${payload}.${at(signature, 10, '\t')}`],
    ['a newline inside', `${payload}.${at(signature, 20, '\n')}`],
    ['the other base64 alphabet', `${payload}.${translated}`],
    ['a dot inside', `${payload}.${at(signature, 5, '.')}`],
    ['percent-encoding', `${payload}.${signature.replace(/=/g, '%3D')}`],
  ];
  // base64url has no padding to add, remove or percent-encode: those spell it the same.
  return variants.filter(([, variant]) => variant !== signed);
}

/** Payloads until one whose signature uses the characters the two alphabets spell differently. */
function payloadsWithAlphabetSpecificSignatures(sign: (payload: string) => string, specific: RegExp): string {
  for (let i = 0; ; i++) {
    const payload = Buffer.from(JSON.stringify({ o: `oFan${i}`, e: 1, s: false })).toString('base64url');
    if (specific.test(sign(payload).split('.').pop()!)) return payload;
  }
}

const fanPayload = payloadsWithAlphabetSpecificSignatures(
  (value) => `${value}.${createHmac('sha256', SECRET).update(value).digest('base64')}`,
  /[+/]/,
);
const cookie = await honoSigned(fanPayload);

describe('the fan cookie signature', () => {
  it('reads the canonical value hono wrote', () => {
    expect(verifySignedCookie(cookie, SECRET)).toBe(fanPayload);
  });

  it.each(malleations(cookie, STANDARD))('refuses %s', (_name, variant) => {
    expect(verifySignedCookie(variant, SECRET)).toBeNull();
  });
});

describe('the OAuth state signature', () => {
  const payload = payloadsWithAlphabetSpecificSignatures((value) => signValue(value, SECRET), /[-_]/);
  const state = signValue(payload, SECRET);

  it('reads the canonical value', () => {
    expect(verifySignedValue(state, SECRET)).toBe(payload);
  });

  it.each(malleations(state, URL_SAFE))('refuses %s', (_name, variant) => {
    expect(verifySignedValue(variant, SECRET)).toBeNull();
  });
});
