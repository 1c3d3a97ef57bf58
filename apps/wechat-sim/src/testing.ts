/**
 * A tiny stand-in for our server's /wechat webhook, for tests: it checks the signature (and
 * msg_signature + decrypts in compatible/safe mode) like a careful server, records what it received,
 * and answers a text reply (encrypted when the request was).
 */
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { createMessageCrypto, newsReply, parseWeChatXml, sha1Signature, textReply } from '@weshop/wechat';
import type { NewsArticle, XmlValue } from '@weshop/wechat';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

export type Fields = Record<string, XmlValue>;

export interface ReceivedRequest {
  query: Record<string, string>;
  contentType: string;
  body: string;
  /** The message fields (decrypted in compatible/safe mode). */
  message: Fields;
  /** The outer (envelope) fields as posted. */
  outer: Fields;
  encrypted: boolean;
}

/**
 * What to answer: text content (a text reply), `{ news }` (a news reply), `{ raw }` sent as is, or
 * undefined for `success`. Text and news replies are encrypted when the request was.
 */
export type ReplyPlan =
  string | { news: NewsArticle[] } | { raw: string; status?: number; delayMs?: number } | undefined;

export interface TestWebhook {
  url: string;
  received: ReceivedRequest[];
  /** Requests whose signature did not verify (answered 401). */
  rejected: { query: Record<string, string>; reason: string }[];
  setReply(plan: (message: Fields) => ReplyPlan): void;
  close(): Promise<void>;
}

export interface TestWebhookOptions {
  appId: string;
  token: string;
  aesKey?: string;
  reply?: (message: Fields) => ReplyPlan;
  /** Default 0: any free port. */
  port?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function startTestWebhook(options: TestWebhookOptions): Promise<TestWebhook> {
  const received: ReceivedRequest[] = [];
  const rejected: TestWebhook['rejected'] = [];
  let plan = options.reply ?? (() => undefined);
  const crypto = options.aesKey
    ? createMessageCrypto({ appId: options.appId, token: options.token, aesKey: options.aesKey })
    : undefined;

  const app = new Hono();
  app.post('/wechat', async (c) => {
    const query = c.req.query();
    const body = await c.req.text();
    const { signature = '', timestamp = '', nonce = '' } = query;
    if (sha1Signature([options.token, timestamp, nonce]) !== signature) {
      rejected.push({ query, reason: 'signature' });
      return c.text('bad signature', 401);
    }
    const outer = parseWeChatXml(body);
    let message = outer;
    const encrypted = query.encrypt_type === 'aes';
    if (encrypted) {
      const envelope = outer.Encrypt;
      if (
        !crypto ||
        typeof envelope !== 'string' ||
        !crypto.verify(timestamp, nonce, envelope, query.msg_signature)
      ) {
        rejected.push({ query, reason: 'msg_signature' });
        return c.text('bad msg_signature', 401);
      }
      message = parseWeChatXml(crypto.decrypt(envelope).plaintext);
    }
    received.push({
      query,
      contentType: c.req.header('content-type') ?? '',
      body,
      message,
      outer,
      encrypted,
    });

    const answer = plan(message);
    if (answer === undefined) return c.text('success');
    if (typeof answer === 'object' && 'raw' in answer) {
      if (answer.delayMs) await sleep(answer.delayMs);
      return c.body(answer.raw, (answer.status ?? 200) as 200);
    }
    const address = {
      toUser: String(message.FromUserName),
      fromUser: String(message.ToUserName),
      createTime: Math.floor(Date.now() / 1000),
    };
    const xml =
      typeof answer === 'string'
        ? textReply({ ...address, content: answer })
        : newsReply({ ...address, articles: answer.news }, { maxArticles: 8 });
    if (!encrypted || !crypto) return c.body(xml, 200, { 'content-type': 'application/xml' });
    const reply = crypto.encryptReply(xml, { timestamp: String(Math.floor(Date.now() / 1000)), nonce });
    return c.body(reply, 200, { 'content-type': 'application/xml' });
  });

  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, () =>
      resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/wechat`,
    received,
    rejected,
    setReply(next) {
      plan = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POSTs JSON to an in-process Hono app. */
export function postJson(app: Hono, path: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** The JSON body of a response from `app.request()` (which may or may not be a promise). */
export async function readJson<T = Record<string, unknown>>(
  response: Response | Promise<Response>,
): Promise<T> {
  return (await response).json() as Promise<T>;
}
