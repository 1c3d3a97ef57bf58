/**
 * The outbox worker's own WeChat client, built for many small requests: a `fetch` over node:http with a
 * keep-alive agent (undici's fetch took most of the worker's CPU time here,
 * bench/results/2026-12-07-code-comment-numbers.md),
 * and the shared database token store read at most once a second (the token keeper reads it before every
 * call). Behaviour is the client's: same errors, same timeouts, same token refresh on 40001.
 */
import http from 'node:http';
import https from 'node:https';
import { createDbTokenStore } from '@weshop/db';
import type { DB } from '@weshop/db';
import { createWeChatClient } from '@weshop/wechat';
import type { TokenStore } from '@weshop/wechat';
import type { WeChatConfig } from '../config.ts';

/**
 * A `fetch` for JSON APIs over node:http(s) with pooled keep-alive sockets. Enough of the Fetch contract
 * for the WeChat client: method, headers, a string body, `signal` (its reason is thrown, so a timeout
 * stays a TimeoutError), and a response with `status`, `ok` and `text()`. Errors before the answer carry
 * Node's `code` (ECONNREFUSED …), which tells the client the request never left.
 */
export function createNodeFetch(options: { maxSockets?: number } = {}): typeof fetch {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256 };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const body = typeof init.body === 'string' ? init.body : undefined;
    const headers: Record<string, string | number> = { ...(init.headers as Record<string, string>) };
    if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
    const secure = url.protocol === 'https:';
    return new Promise<Response>((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http },
        (response) => {
          const chunks: Buffer[] = [];
          const text = new Promise<string>((done, fail) => {
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
            response.on('error', fail);
            response.on('close', () => {
              if (!response.complete) fail(new Error('the connection closed before the answer was complete'));
            });
          });
          text.catch(() => {}); // reported through text(); never an unhandled rejection
          const status = response.statusCode ?? 0;
          resolve({ status, ok: status >= 200 && status < 300, text: () => text } as Response);
        },
      );
      const abort = () => request.destroy(signal?.reason as Error);
      signal?.addEventListener('abort', abort, { once: true });
      request.on('close', () => signal?.removeEventListener('abort', abort));
      request.on('error', reject);
      request.end(body);
    });
  };
  return nodeFetch as typeof fetch;
}

/**
 * The store's values, re-read at most every `ttlMs`; writes go through and refresh the copy. A lease
 * attempt drops the copy: whether another instance is refreshing (lease refused) or we are about to
 * (lease won, the keeper re-reads before fetching), the next read must see the shared row, or an
 * instance that waited behind another's refresh would fetch a second token.
 */
export function cacheTokenStore(store: TokenStore, ttlMs = 1000, now: () => number = Date.now): TokenStore {
  const cache = new Map<string, { value: Awaited<ReturnType<TokenStore['get']>>; until: number }>();
  return {
    async get(name) {
      const hit = cache.get(name);
      if (hit && hit.until > now()) return hit.value && { ...hit.value };
      const value = await store.get(name);
      cache.set(name, { value, until: now() + ttlMs });
      return value && { ...value };
    },
    async set(name, token) {
      await store.set(name, token);
      cache.set(name, { value: { ...token }, until: now() + ttlMs });
    },
    tryLease: (name, leaseMs) => {
      cache.delete(name);
      return store.tryLease(name, leaseMs);
    },
    releaseLease: (name) => store.releaseLease(name),
  };
}

export function createNotifyClient(config: WeChatConfig, db: DB, now: () => Date) {
  return createWeChatClient({
    appId: config.appId,
    secret: config.secret,
    apiBase: config.apiBase,
    tokenStore: cacheTokenStore(createDbTokenStore(db, () => now().getTime())),
    fetch: createNodeFetch(),
  });
}
