/**
 * The server's request listener: POST /wechat is answered straight from Node's request and response
 * (receive.ts), everything else goes to the Hono app. WeChat's messages are the hottest path of the
 * shop and need none of Hono's routing, web Request/Response objects or middlewares (app.ts runs
 * none of them for /wechat either); skipping them saves a measurable share of a message's CPU time
 * (bench/results/2026-11-22-webhook-3.txt). The Hono route stays for `app.request` in tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { AppDeps } from '../../deps.ts';
import { receiveWeChatPost, searchOf } from './receive.ts';
import { readNodeBodyWithin } from './request-body.ts';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export function createRequestListener(
  deps: AppDeps,
  fetch: (request: Request) => Response | Promise<Response>,
): Listener {
  const hono = getRequestListener(fetch);
  return (request, response) => {
    const url = request.url ?? '/';
    if (request.method !== 'POST' || !(url === '/wechat' || url.startsWith('/wechat?'))) {
      void hono(request, response);
      return;
    }
    let bodyRead = false;
    receiveWeChatPost(deps, {
      header: (name) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      search: searchOf(url),
      readBody: async (maxBytes) => {
        const body = await readNodeBodyWithin(request, maxBytes);
        bodyRead = body !== undefined;
        return body;
      },
    }).then(
      (answer) => {
        const headers: Record<string, string | number> = {
          'content-type': answer.contentType,
          'content-length': Buffer.byteLength(answer.body),
        };
        // A refusal before or while reading leaves body bytes on the socket: close it after answering.
        if (!bodyRead) headers.connection = 'close';
        response.writeHead(answer.status, headers).end(answer.body);
      },
      (error: unknown) => {
        // Only reading the body can fail here: the pipeline answers `success` on its own failures.
        const clientLeft = (error as NodeJS.ErrnoException).code === 'ECONNRESET';
        if (clientLeft) deps.logger.warn({ err: error }, 'wechat: the caller left while sending the body');
        else deps.logger.error({ err: error }, 'wechat: request failed');
        response.destroy();
      },
    );
  };
}
