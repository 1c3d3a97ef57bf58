import { Hono } from 'hono';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { MAX_XML_BYTES } from '@weshop/wechat';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/router.ts';
import { handleWeChatPost, isSignedByWeChat, single } from '../wechat/inbound.ts';
import { announcesTooLarge, readBodyWithin } from '../wechat/request-body.ts';

const XML_TYPES = /^(text|application)\/xml$/i;
const REQUEST_ID = /^[\w\-=]{1,255}$/;

/**
 * /wechat runs without the app's request-id middleware (app.ts), so an id is made only when a
 * failure is logged: the caller's X-Request-Id when it is a sane one, a fresh UUID otherwise.
 */
function requestIdOf(c: Context<AppEnv>): string {
  const given = c.req.header('x-request-id');
  return given !== undefined && REQUEST_ID.test(given) ? given : crypto.randomUUID();
}

/**
 * `/wechat`: WeChat's server URL. GET verifies the URL (echostr back as plain text, only with a valid
 * signature); POST receives messages and events. Never answers WeChat with a 500: any internal
 * failure becomes `success`.
 */
export function createWeChatRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/wechat', (c) => {
    const query = c.req.queries();
    const echostr = single(query, 'echostr');
    if (!isSignedByWeChat(deps, query, { fresh: false }) || echostr === undefined) {
      return c.text('invalid signature', 401);
    }
    return c.body(echostr, 200, {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
  });

  // Checks in the order that costs an attacker's request least: the announced size (413, nothing
  // read), the media type (415), the signature (401, nothing read or parsed), then the body itself.
  app.post('/wechat', async (c) => {
    if (announcesTooLarge(c, MAX_XML_BYTES)) return c.text('payload too large', 413);
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (mediaType !== '' && !XML_TYPES.test(mediaType)) return c.text('unsupported media type', 415);
    const query = c.req.queries();
    if (!isSignedByWeChat(deps, query)) return c.text('invalid signature', 401);
    const body = await readBodyWithin(c, MAX_XML_BYTES);
    if (body === undefined) return c.text('payload too large', 413);
    try {
      const response = await handleWeChatPost(deps, { query, body });
      return c.body(response.body, response.status as 200, { 'content-type': response.contentType });
    } catch (error) {
      deps.logger.error(
        { err: error, requestId: requestIdOf(c) },
        'wechat: unexpected failure; answered success',
      );
      return c.text('success', 200);
    }
  });
  return app;
}

/** Documents /wechat in the OpenAPI file (it speaks XML, so it is not an OpenAPI route itself). */
export function documentWeChatRoutes(app: OpenAPIHono<AppEnv>): void {
  const signatureQuery = z.object({
    signature: z.string().meta({ description: 'SHA-1 over the sorted token, timestamp and nonce' }),
    timestamp: z.string(),
    nonce: z.string(),
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/wechat',
    tags: ['wechat'],
    summary: 'WeChat server URL verification: answers echostr as text/plain when the signature is valid',
    request: { query: signatureQuery.extend({ echostr: z.string() }) },
    responses: {
      200: { description: 'echostr', content: { 'text/plain': { schema: z.string() } } },
      401: { description: 'Bad or missing signature' },
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/wechat',
    tags: ['wechat'],
    summary:
      'Messages and events from WeChat (plain, compatible or safe mode); the reply is XML or `success`',
    request: {
      query: signatureQuery.extend({
        openid: z.string().optional(),
        encrypt_type: z.enum(['aes', 'raw']).optional(),
        msg_signature: z.string().optional(),
      }),
      body: { content: { 'text/xml': { schema: z.string() } } },
    },
    responses: {
      200: {
        description: 'A passive reply (XML, encrypted when the message was) or `success`',
        content: { 'application/xml': { schema: z.string() } },
      },
      400: { description: 'Malformed, forbidden (DOCTYPE/ENTITY) or undecryptable XML' },
      401: { description: 'Bad signature or msg_signature, or a stale timestamp' },
      413: { description: 'Body over 1 MB' },
      415: { description: 'Not an XML content type' },
    },
  });
}
