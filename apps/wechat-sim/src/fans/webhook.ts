/**
 * Posts a fan's message or event to our server exactly as WeChat does (signed query, XML body, the
 * encrypted envelope in compatible/safe mode), waits up to 5 s, and reads the passive reply the way
 * WeChat does: `success`/empty shows nothing, valid XML shows a text or news message, anything else
 * shows "该公众号暂时无法提供服务，请稍后再试".
 */
import { newNonce } from '../ids.ts';
import { buildXml, createMessageCrypto, sha1Signature } from '../protocol.ts';
import type { Store } from '../state.ts';
import type { ChatItemInput } from '../types.ts';
import { readReply } from './reply.ts';

export const SERVICE_UNAVAILABLE = '该公众号暂时无法提供服务，请稍后再试';

export interface WebhookOutcome {
  /** false when WeChat would show SERVICE_UNAVAILABLE. */
  ok: boolean;
  /** HTTP status of the answer; undefined when there was none (timeout, refused connection). */
  status: number | undefined;
  /** The raw answer body. */
  body: string;
  /** Why the answer was not accepted. */
  error: string | undefined;
  /** What the fan sees, if anything. */
  reply: ChatItemInput | undefined;
  ms: number;
  /** The request we sent, for tests and the log. */
  request: { url: string; body: string };
}

export type MessageFields = Record<string, string | number>;

/** Fields holding 64-bit ids: WeChat writes them as bare numbers, which JS numbers cannot hold. */
const BARE_NUMBER_FIELDS = ['MsgId', 'MsgID'];

function toXml(fields: MessageFields): string {
  let xml = buildXml(fields);
  for (const name of BARE_NUMBER_FIELDS) {
    xml = xml.replace(new RegExp(`<${name}><!\\[CDATA\\[(\\d+)\\]\\]></${name}>`), `<${name}>$1</${name}>`);
  }
  return xml;
}

export function buildWebhookRequest(store: Store, fields: MessageFields): { url: string; body: string } {
  const { options } = store;
  const timestamp = String(store.nowSeconds());
  const nonce = newNonce();
  const openid = String(fields.FromUserName ?? '');
  const url = new URL(options.webhookUrl);
  url.searchParams.set('signature', sha1Signature([options.token, timestamp, nonce]));
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('openid', openid);
  const plain = toXml(fields);
  if (options.encryptMode === 'plain' || !options.aesKey) return { url: url.toString(), body: plain };

  const crypto = createMessageCrypto({ appId: options.appId, token: options.token, aesKey: options.aesKey });
  const encrypted = crypto.encrypt(plain);
  url.searchParams.set('encrypt_type', 'aes');
  url.searchParams.set('msg_signature', crypto.sign(timestamp, nonce, encrypted));
  const envelope =
    options.encryptMode === 'safe'
      ? buildXml({ ToUserName: options.ghId, Encrypt: encrypted })
      : toXml({ ...fields, Encrypt: encrypted });
  return { url: url.toString(), body: envelope };
}

export async function postToWebhook(store: Store, fields: MessageFields): Promise<WebhookOutcome> {
  const request = buildWebhookRequest(store, fields);
  const started = performance.now();
  const done = (partial: Omit<WebhookOutcome, 'ms' | 'request'>): WebhookOutcome => ({
    ...partial,
    ms: Math.round(performance.now() - started),
    request,
  });
  let status: number | undefined;
  let body = '';
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', 'user-agent': 'Mozilla/4.0' },
      body: request.body,
      signal: AbortSignal.timeout(store.options.webhookTimeoutMs),
      redirect: 'manual',
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    const reason = timedOut
      ? `no answer within ${store.options.webhookTimeoutMs} ms`
      : `cannot reach ${store.options.webhookUrl}: ${describe(error)}`;
    return done({ ok: false, status, body, error: reason, reply: notice() });
  }
  if (status !== 200) return done({ ok: false, status, body, error: `HTTP ${status}`, reply: notice() });

  const openid = String(fields.FromUserName ?? '');
  const read = readReply(store, body, openid);
  if (!read.ok) return done({ ok: false, status, body, error: read.error, reply: notice() });
  return done({ ok: true, status, body, error: undefined, reply: read.reply });
}

function notice(): ChatItemInput {
  return { from: 'account', type: 'notice', text: SERVICE_UNAVAILABLE };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
