/**
 * Same-origin paths: where the shop may send a browser (the page after login) and which links staff
 * may write as a path on this server. WHATWG URL parsing decides, as browsers do, and the NORMALISED
 * result is checked: `/..//evil.com` and `/%2e%2e//evil.com` are plain paths as written but normalise
 * to `//evil.com`, which a browser reads as another host.
 */
import { parseUrl } from './web-url.ts';

/** Longest path we keep (a redirect travels in the OAuth state, a link in WeChat's XML). */
export const MAX_PATH_LENGTH = 1024;

/**
 * Refused as written: C0 controls, DEL and backslashes. URL parsers drop tabs and newlines and read
 * `\` as `/`, so what the checks below saw would not be what a browser follows.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/** A path a browser resolves on the current origin: one `/`, then anything but another `/` or `\`. */
export function isPlainPath(value: string): boolean {
  return value.startsWith('/') && value[1] !== '/' && value[1] !== '\\';
}

/**
 * The normalised path, query and fragment (`/shop/search?q=%E8%BF%9E…&from=chat`) that `value` leads
 * to on `origin`, or null when it leads anywhere else: another origin, another scheme, a
 * protocol-relative `//host` after normalising, or characters browsers would read differently.
 */
export function sameOriginPath(value: string | undefined, origin: string): string | null {
  if (!value || value.length > MAX_PATH_LENGTH || !isPlainPath(value) || UNSAFE_CHARACTERS.test(value)) {
    return null;
  }
  const base = parseUrl(origin);
  const target = base && parseUrl(value, base.origin);
  if (!base || !target) return null;
  if (target.origin !== base.origin) return null;
  const path = `${target.pathname}${target.search}${target.hash}`;
  if (!isPlainPath(path) || UNSAFE_CHARACTERS.test(path)) return null;
  // The path we hand out must lead to the very same URL when a browser resolves it again.
  return parseUrl(path, base.origin)?.href === target.href ? path : null;
}
