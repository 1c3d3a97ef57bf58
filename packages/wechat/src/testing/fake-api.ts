/**
 * A tiny fake of api.weixin.qq.com on 127.0.0.1 (ephemeral port) for this package's tests. It keeps one
 * current access_token (others get 40001), answers the endpoints the client uses with plausible JSON
 * (64-bit ids written as bare numbers beyond 2^53), records every call, and plays scripted replies or
 * faults queued per path before falling back to the defaults.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply. Without `json`/`text`/`rawJson`, the default answer of the path is used after `delayMs`. */
export interface FakeReply {
  status?: number;
  /** Sent as JSON. */
  json?: Record<string, unknown>;
  /** A JSON text sent as is (for number literals JavaScript cannot hold). */
  rawJson?: string;
  /** A non-JSON body, sent as text/html. */
  text?: string;
  /** Wait this long before answering (longer than the client timeout = a read timeout). */
  delayMs?: number;
  /** Send the headers and half of the body, then destroy the socket. */
  destroyMidBody?: boolean;
}

export interface FakeCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or undefined. */
  body: unknown;
}

export interface FakeWeChatApi {
  /** Base URL to pass as `apiBase`. */
  url: string;
  calls: FakeCall[];
  callsTo(path: string): FakeCall[];
  /** Queue replies for the next calls to `path` (consumed in order, one per call). */
  script(path: string, ...replies: FakeReply[]): void;
  currentToken(): string;
  /** Make the current access_token invalid (as if someone force-refreshed it elsewhere). */
  rotateToken(): void;
  close(): Promise<void>;
}

const BIG_ID_BASE = 2n ** 60n;

export async function startFakeWeChatApi(): Promise<FakeWeChatApi> {
  const calls: FakeCall[] = [];
  const scripts = new Map<string, FakeReply[]>();
  const timers = new Set<NodeJS.Timeout>();
  const usedCodes = new Set<string>();
  let tokenNumber = 1;
  let nextId = 1n;
  let tagNumber = 100;
  const tags: { id: number; name: string; count: number }[] = [];
  const token = () => `token-${tokenNumber}`;

  /** The default answer of each endpoint, as JSON text. */
  function answer(path: string, query: Record<string, string>, body: Record<string, unknown>): string {
    const ok = (extra: Record<string, unknown> = {}) =>
      JSON.stringify({ errcode: 0, errmsg: 'ok', ...extra });
    if (path === '/cgi-bin/stable_token') {
      if (body.force_refresh === true) tokenNumber++;
      return JSON.stringify({ access_token: token(), expires_in: 7200 });
    }
    if (path === '/sns/oauth2/access_token') {
      const code = query.code ?? '';
      if (!code.startsWith('code-')) return JSON.stringify({ errcode: 40029, errmsg: 'invalid code' });
      if (usedCodes.has(code)) return JSON.stringify({ errcode: 40163, errmsg: 'code been used' });
      usedCodes.add(code);
      const openid = `o${code.slice(5)}`;
      return JSON.stringify({ access_token: 'web', expires_in: 7200, openid, scope: 'snsapi_base' });
    }
    if (query.access_token === undefined)
      return JSON.stringify({ errcode: 41001, errmsg: 'access_token missing' });
    if (query.access_token !== token()) {
      return JSON.stringify({
        errcode: 40001,
        errmsg: 'invalid credential, access_token is invalid or not latest',
      });
    }
    const bigId = () => String(BIG_ID_BASE + nextId++);
    switch (path) {
      case '/cgi-bin/message/template/send':
        return `{"errcode":0,"errmsg":"ok","msgid":${bigId()}}`;
      case '/cgi-bin/message/mass/send':
      case '/cgi-bin/message/mass/sendall':
        return `{"errcode":0,"errmsg":"send job submission success","msg_id":${bigId()},"msg_data_id":1}`;
      case '/cgi-bin/tags/create': {
        const tag = { id: tagNumber++, name: String((body.tag as { name?: unknown } | undefined)?.name) };
        tags.push({ ...tag, count: 0 });
        return JSON.stringify({ tag });
      }
      case '/cgi-bin/tags/get':
        return JSON.stringify({ tags });
      case '/cgi-bin/user/info':
        return JSON.stringify({ subscribe: 1, openid: query.openid, language: 'zh_CN', tagid_list: [2] });
      case '/cgi-bin/qrcode/create':
        return JSON.stringify({
          ticket: 'gQH4/8Tw+AAA==',
          expire_seconds: body.expire_seconds,
          url: 'http://weixin.qq.com/q/x',
        });
      case '/cgi-bin/ticket/getticket':
        return ok({ ticket: `ticket-for-${token()}`, expires_in: 7200 });
      case '/cgi-bin/message/custom/send':
      case '/cgi-bin/tags/members/batchtagging':
      case '/cgi-bin/tags/members/batchuntagging':
      case '/cgi-bin/menu/create':
        return ok();
      default:
        return JSON.stringify({ errcode: 48001, errmsg: `api unauthorized: ${path}` });
    }
  }

  function send(response: ServerResponse, reply: FakeReply, fallback: () => string): void {
    const status = reply.status ?? 200;
    if (reply.text !== undefined) {
      response.writeHead(status, { 'content-type': 'text/html' }).end(reply.text);
      return;
    }
    const text = reply.rawJson ?? (reply.json ? JSON.stringify(reply.json) : fallback());
    if (reply.destroyMidBody) {
      const bytes = Buffer.from(text);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json' }).end(text);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const part of request) chunks.push(part as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
    const query = Object.fromEntries(url.searchParams);
    calls.push({ method: request.method ?? 'GET', path: url.pathname, query, body });
    const reply = scripts.get(url.pathname)?.shift() ?? {};
    const fallback = () =>
      answer(
        url.pathname,
        query,
        typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
      );
    if (reply.delayMs === undefined) return send(response, reply, fallback);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!response.destroyed) send(response, reply, fallback);
    }, reply.delayMs);
    timers.add(timer);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (path) => calls.filter((call) => call.path === path),
    script(path, ...replies) {
      scripts.set(path, [...(scripts.get(path) ?? []), ...replies]);
    },
    currentToken: token,
    rotateToken() {
      tokenNumber++;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
