/**
 * Test support: a fake of WeChat's template API (and of the token and JS-SDK ticket calls) on 127.0.0.1
 * for the outbox and JS-SDK tests. It keeps one current access_token (others get 40001), de-duplicates
 * sends by openid + client_msg_id for 10 minutes as WeChat does, counts deliveries apart from API calls,
 * and plays scripted faults: an HTTP error page, an errcode, a read timeout (handled, never answered), a
 * reset after handling, or a non-JSON 200; the token and ticket calls fail with an HTTP error or errcode.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeFault =
  | { type: 'http'; status: number }
  | { type: 'errcode'; errcode: number; errmsg?: string }
  /** Delivers, then never answers (the client's read timeout). */
  | { type: 'hang' }
  /** Delivers, then resets the connection mid-response. */
  | { type: 'reset' }
  /** Delivers, then answers 200 with an HTML body. */
  | { type: 'non_json' };

export interface FakeSend {
  openid: string;
  clientMsgId: string | undefined;
  templateId: string;
  url: string | undefined;
  data: Record<string, { value: string }>;
}

export interface FakeWeChat {
  url: string;
  /** Every template/send request that carried the current token, in arrival order. */
  sends: FakeSend[];
  /** What fans received: one per openid + client_msg_id within 10 minutes. */
  deliveries: FakeSend[];
  /** stable_token requests (force_refresh ones included). */
  tokenCalls: { force: boolean }[];
  /** ticket/getticket requests that carried the current token. */
  ticketCalls: number;
  /** The next template/send calls fail in this order. */
  fail(...faults: FakeFault[]): void;
  /** The next stable_token or ticket/getticket calls fail in this order. */
  failCall(path: CredentialPath, ...faults: CredentialFault[]): void;
  /** Invalidates the current token (someone else refreshed it). */
  rotateToken(): void;
  /** TCP connections accepted so far. */
  connections(): number;
  /** openids answered 43004; empty means everyone follows. */
  unsubscribed: Set<string>;
  close(): Promise<void>;
}

const DEDUPE_MS = 10 * 60_000;

export type CredentialPath = '/cgi-bin/stable_token' | '/cgi-bin/ticket/getticket';
export type CredentialFault = Extract<FakeFault, { type: 'http' | 'errcode' }>;

export async function startFakeWeChat(
  options: { sendDelayMs?: number; tokenDelayMs?: number } = {},
): Promise<FakeWeChat> {
  const faults: FakeFault[] = [];
  const sends: FakeSend[] = [];
  const deliveries: FakeSend[] = [];
  const tokenCalls: { force: boolean }[] = [];
  const credentialFaults = new Map<CredentialPath, CredentialFault[]>();
  let ticketCalls = 0;
  const delivered = new Map<string, { msgid: string; at: number }>();
  const unsubscribed = new Set<string>();
  const hanging = new Set<ServerResponse>();
  let tokenNumber = 1;
  let nextMsgId = 2n ** 60n;

  const json = (response: ServerResponse, body: unknown): void => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  /** Plays the next scripted fault of a token or ticket call; true when it answered. */
  function credentialFault(path: CredentialPath, response: ServerResponse): boolean {
    const fault = credentialFaults.get(path)?.shift();
    if (fault?.type === 'http') {
      response.writeHead(fault.status, { 'content-type': 'text/html' }).end(`<h1>${fault.status}</h1>`);
    } else if (fault?.type === 'errcode') {
      json(response, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'simulated' });
    }
    return fault !== undefined;
  }

  function deliver(send: FakeSend): string {
    const key = `${send.openid}\n${send.clientMsgId ?? Math.random()}`;
    const earlier = delivered.get(key);
    if (earlier && Date.now() - earlier.at < DEDUPE_MS) return earlier.msgid;
    const msgid = String(nextMsgId++);
    delivered.set(key, { msgid, at: Date.now() });
    deliveries.push(send);
    return msgid;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = (chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as Record<
      string,
      unknown
    >;
    if (url.pathname === '/cgi-bin/stable_token') {
      tokenCalls.push({ force: body.force_refresh === true });
      if (body.force_refresh === true) tokenNumber++;
      if (options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs));
      if (credentialFault(url.pathname, response)) return;
      return json(response, { access_token: `token-${tokenNumber}`, expires_in: 7200 });
    }
    if (url.pathname === '/cgi-bin/ticket/getticket') {
      if (url.searchParams.get('access_token') !== `token-${tokenNumber}`) {
        return json(response, { errcode: 40001, errmsg: 'invalid credential' });
      }
      ticketCalls++;
      if (credentialFault(url.pathname, response)) return;
      return json(response, { errcode: 0, errmsg: 'ok', ticket: `ticket-${tokenNumber}`, expires_in: 7200 });
    }
    if (url.pathname !== '/cgi-bin/message/template/send') {
      return json(response, { errcode: 48001, errmsg: 'api unauthorized' });
    }
    if (url.searchParams.get('access_token') !== `token-${tokenNumber}`) {
      return json(response, {
        errcode: 40001,
        errmsg: 'invalid credential, access_token is invalid or not latest',
      });
    }
    const send: FakeSend = {
      openid: String(body.touser),
      clientMsgId: typeof body.client_msg_id === 'string' ? body.client_msg_id : undefined,
      templateId: String(body.template_id),
      url: typeof body.url === 'string' ? body.url : undefined,
      data: body.data as FakeSend['data'],
    };
    sends.push(send);
    if (options.sendDelayMs) await new Promise((resolve) => setTimeout(resolve, options.sendDelayMs));
    const fault = faults.shift();
    if (fault?.type === 'http') {
      response
        .writeHead(fault.status, { 'content-type': 'text/html' })
        .end(`<html><h1>${fault.status}</h1></html>`);
      return;
    }
    if (fault?.type === 'errcode') {
      return json(response, { errcode: fault.errcode, errmsg: fault.errmsg ?? 'simulated' });
    }
    if (unsubscribed.has(send.openid)) return json(response, { errcode: 43004, errmsg: 'require subscribe' });
    const msgid = deliver(send);
    if (fault?.type === 'hang') {
      hanging.add(response);
      return;
    }
    if (fault?.type === 'reset') {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      response.write('{"errcode":0,"errmsg":"o', () => response.socket?.destroy());
      return;
    }
    if (fault?.type === 'non_json') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>ok</html>');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(`{"errcode":0,"errmsg":"ok","msgid":${msgid}}`);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  let connections = 0;
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    connections: () => connections,
    url: `http://127.0.0.1:${port}`,
    sends,
    deliveries,
    tokenCalls,
    unsubscribed,
    get ticketCalls() {
      return ticketCalls;
    },
    fail: (...more) => faults.push(...more),
    failCall: (path, ...more) => credentialFaults.set(path, [...(credentialFaults.get(path) ?? []), ...more]),
    rotateToken: () => {
      tokenNumber++;
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
