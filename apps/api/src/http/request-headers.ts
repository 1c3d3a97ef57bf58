/**
 * What a request's headers say about its body, read before anything is read: the announced size
 * (the webhook, wechat/gateway/receive.ts, and the JSON API, body-limit.ts, refuse oversized bodies on it)
 * and the media type (each refuses the types it does not speak).
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

/** The media type without parameters (`text/xml; charset=utf-8` → `text/xml`), '' when there is none. */
export function mediaTypeOf(header: HeaderOf): string {
  return (header('content-type') ?? '').split(';')[0]?.trim() ?? '';
}

/** True when the request announces a body over `maxBytes` (or an unreadable length): answer 413 unread. */
export function announcesTooLarge(header: HeaderOf, maxBytes: number): boolean {
  const declared = declaredBodyBytes(header);
  return declared !== undefined && !(declared <= maxBytes);
}
