/**
 * The POST /wechat pipeline, in the order docs/architecture.md#webhook-order keeps: signature before
 * anything, then parse, decrypt (safe/compatible mode), de-duplicate through the database, answer within
 * WeChat's deadline, and encrypt the reply when the message came encrypted.
 */
import {
  SUCCESS_REPLY,
  WeChatProtocolError,
  checkTimestamp,
  dedupeKey,
  parseIncomingMessage,
  parseWeChatXml,
  verifySignature,
} from '@weshop/wechat';
import type { IncomingMessage, XmlValue } from '@weshop/wechat';
import { claimInboundMessage, completeInboundMessage, inTransaction } from '@weshop/db';
import type { AppDeps } from '../deps.ts';
import { answerMessage } from './answer-message.ts';
import { storedReply } from './inbound-log.ts';
import { renderReply } from './reply.ts';

/** WeChat gives up after 5 s; we answer `success` well before that. */
export const REPLY_DEADLINE_MS = 4500;
/** How long a retry waits for the first delivery of the same message to finish. */
const DUPLICATE_WAIT_MS = 3000;

export interface WeChatRequest {
  /** Every value of each query parameter, to refuse repeated ones. */
  query: Record<string, string[]>;
  body: string;
}

export interface WeChatResponse {
  status: number;
  body: string;
  contentType: string;
}

/** A plain-text answer: refusals, and `success` when something failed. */
export const plainText = (status: number, body: string): WeChatResponse => ({
  status,
  body,
  contentType: 'text/plain; charset=utf-8',
});
const xml = (body: string): WeChatResponse => ({
  status: 200,
  body,
  contentType: body === SUCCESS_REPLY ? 'text/plain; charset=utf-8' : 'application/xml; charset=utf-8',
});

/** A single-valued query parameter, or undefined when absent or repeated. */
export function single(query: Record<string, string[]>, name: string): string | undefined {
  const values = query[name];
  return values?.length === 1 ? values[0] : undefined;
}

/**
 * The 3-field signature (SHA-1 over token, timestamp, nonce) every request from WeChat carries, and a
 * fresh timestamp. URL verification skips the freshness check: the platform's "submit" button may be
 * pressed minutes after its page loaded.
 */
export function isSignedByWeChat(
  deps: AppDeps,
  query: Record<string, string[]>,
  options: { fresh: boolean } = { fresh: true },
): boolean {
  const timestamp = single(query, 'timestamp');
  const nonce = single(query, 'nonce');
  if (timestamp === undefined || nonce === undefined) return false;
  if (options.fresh && !checkTimestamp(timestamp, Math.floor(deps.now().getTime() / 1000))) return false;
  return verifySignature([deps.wechat.config.token, timestamp, nonce], single(query, 'signature'));
}

/** Handles a POST whose signature the route has already checked with isSignedByWeChat (before reading the body). */
export async function handleWeChatPost(deps: AppDeps, request: WeChatRequest): Promise<WeChatResponse> {
  const timestamp = single(request.query, 'timestamp')!;
  const nonce = single(request.query, 'nonce')!;
  const encrypted = single(request.query, 'encrypt_type') === 'aes';

  let fields: Record<string, XmlValue>;
  let keyIndex: 0 | 1 = 0;
  try {
    fields = parseWeChatXml(request.body);
    if (encrypted) {
      const crypto = deps.wechat.crypto;
      const ciphertext = fields.Encrypt;
      if (!crypto || typeof ciphertext !== 'string') return plainText(400, 'encrypted message not accepted');
      if (!crypto.verify(timestamp, nonce, ciphertext, single(request.query, 'msg_signature'))) {
        return plainText(401, 'invalid msg_signature');
      }
      const decrypted = crypto.decrypt(ciphertext);
      keyIndex = decrypted.keyIndex;
      // Compatible mode also carries plaintext fields: only the decrypted ones are trusted.
      fields = parseWeChatXml(decrypted.plaintext);
    }
  } catch (error) {
    if (error instanceof WeChatProtocolError) {
      const status = error.reason === 'XML_TOO_LARGE' ? 413 : 400;
      deps.logger.warn({ reason: error.reason }, 'wechat: refused a message');
      return plainText(status, error.reason);
    }
    throw error;
  }

  const message = parseIncomingMessage(fields);
  if (message.kind === 'invalid') {
    deps.logger.warn({ reason: message.reason }, 'wechat: invalid message');
    return xml(SUCCESS_REPLY);
  }
  const reply = await withDeadline(deps, replyFor(deps, message), REPLY_DEADLINE_MS);
  if (reply === SUCCESS_REPLY || !encrypted || !deps.wechat.crypto) return xml(reply);
  const replyTimestamp = String(Math.floor(deps.now().getTime() / 1000));
  return xml(deps.wechat.crypto.encryptReply(reply, { timestamp: replyTimestamp, nonce, keyIndex }));
}

/** Kinds whose handling writes nothing but the message log: they take the batched log (inbound-log.ts). */
const LOG_ONLY_KINDS = new Set([
  'text',
  'image',
  'voice',
  'video',
  'shortvideo',
  'location',
  'link',
  'click',
  'view',
  'location_event',
  'mass_send_job_finish',
  'unknown',
]);

/** Replies to these may carry one news card only; events may carry up to eight. */
const USER_MESSAGE_KINDS = new Set(['text', 'image', 'voice', 'video', 'shortvideo', 'location', 'link']);

type ValidMessage = Exclude<IncomingMessage, { kind: 'invalid' }>;

async function answerAndRender(deps: AppDeps, message: ValidMessage, now: Date): Promise<string> {
  const answer = await answerMessage(deps, message);
  return renderReply(answer, {
    toUser: message.fromUserName,
    fromUser: message.toUserName,
    createTime: Math.floor(now.getTime() / 1000),
    publicUrl: deps.config.publicUrl,
    maxArticles: USER_MESSAGE_KINDS.has(message.kind) ? 1 : 8,
  });
}

/** The plaintext reply XML for a message, computed once across retries and instances. */
async function replyFor(deps: AppDeps, message: ValidMessage): Promise<string> {
  const key = dedupeKey(message);
  const now = deps.now();
  const entry = {
    openid: message.fromUserName,
    msgType: String(message.raw.MsgType ?? ''),
    event: typeof message.raw.Event === 'string' ? message.raw.Event : null,
    content: message.kind === 'text' ? message.content.slice(0, 2000) : null,
    at: now.toISOString(),
  };
  if (LOG_ONLY_KINDS.has(message.kind)) {
    return deps.inboundLog.reply(key, { ...entry, sentAtSeconds: message.createTime }, () =>
      answerAndRender(deps, message, now),
    );
  }
  // Side effects: claim, act and store the reply in ONE transaction. A duplicate arriving meanwhile
  // waits on the unique key (Postgres) or the connection (SQLite), then reads the stored answer.
  // Handlers only touch the database here; nothing in this transaction waits on the network.
  const result = await inTransaction(deps.db, async (trx) => {
    const claim = await claimInboundMessage(trx, { ...entry, dedupeKey: key }, entry.at);
    if (claim.status !== 'claimed') return claim;
    const rendered = await answerAndRender({ ...deps, db: trx }, message, now);
    await completeInboundMessage(trx, key, rendered, entry.at);
    return { status: 'done' as const, reply: rendered };
  });
  if (result.status === 'done') return result.reply ?? SUCCESS_REPLY;
  return waitForFirstDelivery(deps, key);
}

async function waitForFirstDelivery(deps: AppDeps, key: string): Promise<string> {
  const until = Date.now() + DUPLICATE_WAIT_MS;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reply = await storedReply(deps.db, key);
    if (reply !== undefined) return reply;
  }
  return SUCCESS_REPLY;
}

/**
 * Resolves with `success` if the work is not done in `ms` (the work still finishes and is
 * remembered), or if it fails. One timer per deadline length serves every message in flight: the
 * deadlines of one length expire in the order they were set, so a sweep every tenth of the length
 * settles the expired ones from the front (late by at most that tenth: 4.95 s for 4.5 s, inside
 * WeChat's 5 s). A timer, its cancellation and a Promise.race per message cost more.
 */
export function withDeadline(
  deps: Pick<AppDeps, 'logger'>,
  work: Promise<string>,
  ms: number,
): Promise<string> {
  return new Promise<string>((resolve) => {
    const waiting = deadlineQueue(ms).add(resolve);
    work.then(
      (reply) => waiting.settle(reply),
      (error: unknown) => {
        deps.logger.error({ err: error }, 'wechat: handler failed; answered success');
        waiting.settle(SUCCESS_REPLY);
      },
    );
  });
}

interface Waiting {
  due: number;
  settled: boolean;
  settle(reply: string): void;
}

const deadlineQueues = new Map<number, ReturnType<typeof createDeadlineQueue>>();

function deadlineQueue(ms: number) {
  let queue = deadlineQueues.get(ms);
  if (!queue) deadlineQueues.set(ms, (queue = createDeadlineQueue(ms)));
  return queue;
}

function createDeadlineQueue(ms: number) {
  const tickMs = Math.min(250, Math.max(5, Math.floor(ms / 10)));
  let items: Waiting[] = [];
  let head = 0;
  let timer: NodeJS.Timeout | undefined;

  function sweep(): void {
    const now = performance.now();
    while (head < items.length) {
      const waiting = items[head]!;
      if (!waiting.settled && waiting.due > now) break;
      waiting.settle(SUCCESS_REPLY);
      head++;
    }
    if (head === items.length) {
      items = [];
      head = 0;
      clearInterval(timer);
      timer = undefined;
    } else if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
  }

  return {
    add(resolve: (reply: string) => void): Waiting {
      const waiting: Waiting = {
        due: performance.now() + ms,
        settled: false,
        settle(reply) {
          if (waiting.settled) return;
          waiting.settled = true;
          resolve(reply);
        },
      };
      items.push(waiting);
      timer ??= setInterval(sweep, tickMs);
      return waiting;
    },
  };
}
