/**
 * POST /wechat from the first byte: the checks that cost an attacker's request least come first —
 * the announced size (413, nothing read), the media type (415), the signature (401, nothing read or
 * parsed) — then the body and the pipeline (inbound.ts). Never answers WeChat with a 500: an
 * internal failure is logged and answered `success`. Framework-free, so the server's own Node
 * handler (node-webhook.ts) and the Hono route (routes/wechat.ts, for `app.request`) share it.
 */
import { randomUUID } from 'node:crypto';
import { MAX_XML_BYTES } from '@weshop/wechat';
import type { AppDeps } from '../../deps.ts';
import { announcesTooLarge, mediaTypeOf } from '../../http/request-headers.ts';
import type { HeaderOf } from '../../http/request-headers.ts';
import { handleWeChatPost, plainText } from './inbound.ts';
import { isSignedByWeChat } from './signature.ts';
import type { WeChatResponse } from './inbound.ts';

export interface IncomingWebhook {
  header: HeaderOf;
  /** The query string, without `?`. */
  search: string;
  /** The body as text, or undefined past `maxBytes` (request-body.ts). */
  readBody(maxBytes: number): Promise<string | undefined>;
}

const XML_TYPES = /^(text|application)\/xml$/i;
const REQUEST_ID = /^[\w\-=]{1,255}$/;

/** The query string of a request target or URL, without `?`. */
export function searchOf(url: string): string {
  const queryAt = url.indexOf('?');
  return queryAt < 0 ? '' : url.slice(queryAt + 1);
}

/**
 * Every value of each query parameter, so that repeated ones can be refused: the pairs
 * URLSearchParams gives, in an object without a prototype (a parameter named `__proto__` or
 * `constructor` is just a name). WeChat's parameters are digits, hex and letters: with nothing to
 * decode (no `%`, no `+`) the pairs are split by hand, which is most of the cost of a query saved on
 * every message.
 */
export function queryOf(search: string): Record<string, string[]> {
  const query = Object.create(null) as Record<string, string[]>;
  if (search.includes('%') || search.includes('+')) {
    for (const [name, value] of new URLSearchParams(search)) (query[name] ??= []).push(value);
    return query;
  }
  // Like URLSearchParams, one leading `?` is not part of the first name.
  for (let start = search.startsWith('?') ? 1 : 0; start < search.length;) {
    let end = search.indexOf('&', start);
    if (end < 0) end = search.length;
    if (end > start) {
      const equals = search.indexOf('=', start);
      const split = equals >= 0 && equals < end;
      const name = search.slice(start, split ? equals : end);
      (query[name] ??= []).push(split ? search.slice(equals + 1, end) : '');
    }
    start = end + 1;
  }
  return query;
}

/** The caller's X-Request-Id when it is a sane one, a fresh UUID otherwise: made only to log a failure. */
function requestIdOf(header: HeaderOf): string {
  const given = header('x-request-id');
  return given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
}

export async function receiveWeChatPost(deps: AppDeps, request: IncomingWebhook): Promise<WeChatResponse> {
  if (announcesTooLarge(request.header, MAX_XML_BYTES)) return plainText(413, 'payload too large');
  const mediaType = mediaTypeOf(request.header);
  if (mediaType !== '' && !XML_TYPES.test(mediaType)) return plainText(415, 'unsupported media type');
  const query = queryOf(request.search);
  if (!isSignedByWeChat(deps, query)) return plainText(401, 'invalid signature');
  const body = await request.readBody(MAX_XML_BYTES);
  if (body === undefined) return plainText(413, 'payload too large');
  try {
    return await handleWeChatPost(deps, { query, body });
  } catch (error) {
    deps.logger.error(
      { err: error, requestId: requestIdOf(request.header) },
      'wechat: unexpected failure; answered success',
    );
    return plainText(200, 'success');
  }
}
