import { Hono } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/router.ts';
import { isSignedByWeChat, single } from '../wechat/gateway/signature.ts';
import { queryOf, receiveWeChatPost, searchOf } from '../wechat/gateway/receive.ts';
import { readBodyWithin } from '../wechat/gateway/request-body.ts';

/**
 * `/wechat`: WeChat's server URL. GET verifies the URL (echostr back as plain text, only with a valid
 * signature); POST receives messages and events. Never answers WeChat with a 500: any internal
 * failure becomes `success`.
 */
export function createWeChatRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.get('/wechat', (c) => {
    const query = queryOf(searchOf(c.req.url));
    const echostr = single(query, 'echostr');
    if (!isSignedByWeChat(deps, query, { fresh: false }) || echostr === undefined) {
      return c.text('invalid signature', 401);
    }
    return c.body(echostr, 200, {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
  });

  // The server answers POST /wechat before Hono (wechat/gateway/node-webhook.ts); this route serves
  // `app.request` (tests) through the same receiveWeChatPost.
  app.post('/wechat', async (c) => {
    const answer = await receiveWeChatPost(deps, {
      header: (name) => c.req.header(name),
      search: searchOf(c.req.url),
      readBody: (maxBytes) => readBodyWithin(c, maxBytes),
    });
    return c.body(answer.body, answer.status as 200, { 'content-type': answer.contentType });
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
