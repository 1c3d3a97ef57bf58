/**
 * A request's announced body size, read from its headers before anything is read: the webhook
 * (wechat/request-body.ts) and the JSON API (body-limit.ts) refuse oversized bodies on it.
 */
const DIGITS = /^\d{1,16}$/;

/** A request header by lower-case name. */
export type HeaderOf = (name: string) => string | undefined;

/** The announced body size: a number, `undefined` when none is announced, or NaN when it is unreadable. */
export function declaredBodyBytes(header: HeaderOf): number | undefined {
  if (header('transfer-encoding') !== undefined) return undefined;
  const length = header('content-length');
  if (length === undefined) return undefined;
  return DIGITS.test(length) ? Number(length) : Number.NaN;
}

/** True when the request announces a body over `maxBytes` (or an unreadable length): answer 413 unread. */
export function announcesTooLarge(header: HeaderOf, maxBytes: number): boolean {
  const declared = declaredBodyBytes(header);
  return declared !== undefined && !(declared <= maxBytes);
}
