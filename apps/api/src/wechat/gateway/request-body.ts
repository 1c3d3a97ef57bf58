/**
 * The webhook's body, read within a size limit without Hono's `bodyLimit` (that middleware asks for
 * `c.req.raw.body` first, which makes @hono/node-server build a web Request and a web stream for
 * every message). WeChat always sends Content-Length, so the limit is checked on the header before
 * anything is read, and the body is then read whole (Node's HTTP parser never delivers more than
 * Content-Length bytes). A body without Content-Length (chunked) is counted as it streams in, and
 * refused as soon as it passes the limit. Two readers, one per way a request reaches us: Node's
 * request stream (the server, node-webhook.ts) and a web Request (Hono's `app.request`, in tests).
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { declaredBodyBytes } from '../../http/request-headers.ts';

/** Decodes like `Request.text()` on every path: UTF-8, a leading BOM dropped, bad bytes as U+FFFD. */
const UTF8 = new TextDecoder();

/** Counts chunks against the limit; `undefined` once they pass it. */
function collector(maxBytes: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  return {
    add(chunk: Uint8Array): boolean {
      size += chunk.byteLength;
      if (size > maxBytes) return false;
      chunks.push(chunk);
      return true;
    },
    text: () => UTF8.decode(Buffer.concat(chunks, size)),
  };
}

/**
 * A web request's body as UTF-8 text, or undefined when it is larger than `maxBytes`; never buffers
 * more than `maxBytes` (plus one chunk). Call announcesTooLarge first: with a Content-Length this
 * trusts it.
 */
export async function readBodyWithin(c: Context, maxBytes: number): Promise<string | undefined> {
  if (declaredBodyBytes((name) => c.req.header(name)) !== undefined) return c.req.text();
  const stream = c.req.raw.body;
  if (!stream) return '';
  const reader = stream.getReader();
  const body = collector(maxBytes);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return body.text();
    if (!body.add(value)) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
  }
}

/**
 * The same for Node's request stream. Past the limit it stops collecting and lets the rest drain:
 * the caller answers 413 with `Connection: close`, so the socket goes once the answer is out. Rejects
 * (code ECONNRESET) when the caller leaves before the end of the body.
 */
export function readNodeBodyWithin(request: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const body = collector(maxBytes);
    // Once settled, stop listening: every request emits 'close' after its answer, and an Error per
    // message (with its stack) was the largest item of the webhook's own CPU time
    // (bench/results/2026-11-22-webhook-4.txt).
    const settle = (outcome: () => void) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onGone);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      if (body.add(chunk)) return;
      request.resume();
      settle(() => resolve(undefined));
    };
    const onEnd = () => settle(() => resolve(body.text()));
    const onError = (error: Error) => settle(() => reject(error));
    // A caller that leaves mid-body: Node reports it as an 'error' (when someone listens) and always
    // as 'close' without 'end'; either way the read settles.
    const onGone = () =>
      settle(() =>
        reject(
          Object.assign(new Error('the caller left before sending the whole body'), { code: 'ECONNRESET' }),
        ),
      );
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onGone);
  });
}
