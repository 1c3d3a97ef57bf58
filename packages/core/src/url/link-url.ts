/**
 * Links staff write (news cards, menu buttons, product pictures): an http(s) URL, or a path on this
 * server that the gateway makes absolute under PUBLIC_URL. One rule for every such field, so none
 * accepts `javascript:`, `data:`, `//evil.com`, `/..//evil.com` or characters a browser would drop.
 */
import { z } from 'zod';
import { FORBIDDEN_IN_TEXT } from '../characters.ts';
import { sameOriginPath } from './same-origin.ts';
import { parseUrl } from './web-url.ts';

export type LinkScheme = 'http:' | 'https:';

/** Refused anywhere in a link, beyond FORBIDDEN_IN_TEXT: whitespace, backslashes, quotes and angle brackets. */
const FORBIDDEN_IN_LINK = /[\s\\"'<>]/;
/** A scheme and an authority, as written: `https:evil.com` and `http:/evil.com` parse, but are refused. */
const ABSOLUTE = /^https?:\/\/[^/]/i;
/** Paths are checked against a stand-in origin: only whether they stay on it matters. */
const STAND_IN_ORIGIN = 'http://path.invalid';

/** Whether `value` (already trimmed) is a path on this server or an absolute URL with one of `schemes`. */
export function isSafeLink(value: string, schemes: readonly LinkScheme[] = ['http:', 'https:']): boolean {
  if (FORBIDDEN_IN_LINK.test(value) || FORBIDDEN_IN_TEXT.test(value)) return false;
  if (value.startsWith('/')) return sameOriginPath(value, STAND_IN_ORIGIN) !== null;
  if (!ABSOLUTE.test(value)) return false;
  const url = parseUrl(value);
  return (
    url !== null &&
    (schemes as readonly string[]).includes(url.protocol) &&
    url.host !== '' &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * A link field: trimmed, `min`–`max` characters (`min` 0 allows ''), a path on this server or an
 * absolute URL with one of `schemes` and no user name or password (`https://shop@evil.com`).
 */
export function linkUrl(min: number, max: number, schemes: readonly LinkScheme[] = ['http:', 'https:']) {
  const what = schemes.length === 1 ? 'an https URL' : 'an http(s) URL';
  return z
    .string()
    .trim()
    .min(min, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => value === '' || isSafeLink(value, schemes), {
      error: `must be ${what} or a path on this server`,
    });
}

/**
 * A picture reference: a path on this server (`/uploads/…`) or an https URL. Never `javascript:`,
 * `data:` or plain http (WeChat cards want https pictures).
 */
export const ImageUrlSchema = linkUrl(1, 500, ['https:']);
