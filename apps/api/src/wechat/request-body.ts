/**
 * The webhook's body, read within a size limit without Hono's `bodyLimit`: that middleware asks for
 * `c.req.raw.body` first, which makes @hono/node-server build a web Request and a web stream for
 * every message (about 5 % of a webhook's CPU time). WeChat always sends Content-Length, so the
 * limit is checked on the header before anything is read, and the body is then read straight from
 * Node's request (Node's HTTP parser never delivers more than Content-Length bytes). A body without
 * Content-Length (chunked) is streamed and counted, and refused as soon as it passes the limit.
 */
import type { Context } from 'hono';

const DIGITS = /^\d{1,16}$/;
/** Decodes like `Request.text()` on both paths: UTF-8, a leading BOM dropped, bad bytes as U+FFFD. */
const UTF8 = new TextDecoder();

/** The announced body size: a number, `undefined` when none is announced, or NaN when it is unreadable. */
export function declaredBodyBytes(c: Context): number | undefined {
  if (c.req.header('transfer-encoding') !== undefined) return undefined;
  const length = c.req.header('content-length');
  if (length === undefined) return undefined;
  return DIGITS.test(length) ? Number(length) : Number.NaN;
}

/** True when the request announces a body over `maxBytes` (or an unreadable length): answer 413 unread. */
export function announcesTooLarge(c: Context, maxBytes: number): boolean {
  const declared = declaredBodyBytes(c);
  return declared !== undefined && !(declared <= maxBytes);
}

/**
 * The body as UTF-8 text, or undefined when it is larger than `maxBytes`; never buffers more than
 * `maxBytes` (plus one chunk). Call announcesTooLarge first: with a Content-Length this trusts it.
 */
export async function readBodyWithin(c: Context, maxBytes: number): Promise<string | undefined> {
  if (declaredBodyBytes(c) !== undefined) return c.req.text();
  const stream = c.req.raw.body;
  if (!stream) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return UTF8.decode(Buffer.concat(chunks, size));
}
