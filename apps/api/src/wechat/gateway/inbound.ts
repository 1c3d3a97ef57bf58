/**
 * The POST /wechat pipeline, in the order docs/architecture.md#webhook-order keeps: signature before
 * anything, then parse, decrypt (safe/compatible mode), de-duplicate through the database, answer within
 * WeChat's deadline, and encrypt the reply when the message came encrypted.
 */
import {
  SUCCESS_REPLY,
  WeChatProtocolError,
  dedupeKey,
  parseIncomingMessage,
  parseWeChatXml,
} from '@weshop/wechat';
import type { XmlValue } from '@weshop/wechat';
import { claimInboundMessage, claimSignedBody, completeInboundMessage, inTransaction } from '@weshop/db';
import type { SignedBody } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import type { LoggedSearch } from '../../services/catalog.ts';
import { answerMessage, handlerFor } from '../handlers/answer-message.ts';
import type { HandledMessage } from '../handlers/answer-message.ts';
import { renderReply } from '../handlers/reply.ts';
import { REPLY_DEADLINE_MS, withDeadline } from './deadline.ts';
import { storedReply } from './inbound-log.ts';
import { single } from './signature.ts';

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

/**
 * For a message that writes and whose claim was not committed (the database was busy or failed, or
 * the deadline came first): anything but 200 makes WeChat send it again, three times in all, ~5 s
 * apart, and the claim makes the retry act once (docs/wechat.md#deadline). `success` would lose it.
 */
const RETRY_LATER = plainText(503, 'retry later');

/** Refused like a bad signature: the request is not one WeChat signed for this body or mode. */
function refuse(deps: AppDeps, body: string, reason: string): WeChatResponse {
  deps.logger.warn({ reason }, 'wechat: refused a message');
  return plainText(401, body);
}

/** A captured signature, timestamp and nonce sent again with another body (replay-guard.ts). */
class ReplayedStampError extends Error {}

/** Handles a POST whose signature the route has already checked with isSignedByWeChat (before reading the body). */
export async function handleWeChatPost(deps: AppDeps, request: WeChatRequest): Promise<WeChatResponse> {
  const timestamp = single(request.query, 'timestamp')!;
  const nonce = single(request.query, 'nonce')!;
  const encrypted = single(request.query, 'encrypt_type') === 'aes';
  // compat and safe: only what the msg_signature covers, the encrypted message, is trusted.
  const encryptedOnly = deps.wechat.config.messageMode !== 'plain';
  if (encryptedOnly && !encrypted) return refuse(deps, 'encrypted message required', 'PLAINTEXT_REFUSED');
  const admitted = deps.replayGuard.admit(timestamp, nonce, request.body);
  const signed = admitted instanceof Promise ? await admitted : admitted;
  if (!signed) return refuse(deps, 'invalid signature', 'REPLAYED_STAMP');

  let fields: Record<string, XmlValue>;
  let keyIndex: 0 | 1 = 0;
  try {
    fields = parseWeChatXml(request.body);
    if (encrypted) {
      const crypto = deps.wechat.crypto;
      const ciphertext = fields.Encrypt;
      if (encryptedOnly && typeof ciphertext !== 'string') {
        return refuse(deps, 'encrypted message required', 'ENCRYPT_MISSING');
      }
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
  const writes = message.kind !== 'invalid' && handlerFor(message.kind).writes;
  // Kinds that write claim the stamp in their own transaction (replyFor); the others log it behind.
  if (!writes) deps.replayGuard.record(signed);
  if (message.kind === 'invalid') {
    deps.logger.warn({ reason: message.reason }, 'wechat: invalid message');
    return xml(SUCCESS_REPLY);
  }
  const fallback = writes ? RETRY_LATER : SUCCESS_REPLY;
  const reply = await withDeadline(deps, replyFor(deps, message, signed), REPLY_DEADLINE_MS, fallback);
  if (typeof reply !== 'string') return reply;
  if (reply === SUCCESS_REPLY || !encrypted || !deps.wechat.crypto) return xml(reply);
  const replyTimestamp = String(Math.floor(deps.now().getTime() / 1000));
  return xml(deps.wechat.crypto.encryptReply(reply, { timestamp: replyTimestamp, nonce, keyIndex }));
}

async function answerAndRender(deps: AppDeps, message: HandledMessage, now: Date): Promise<string> {
  const answer = await answerMessage(deps, message);
  return renderReply(answer, {
    toUser: message.fromUserName,
    fromUser: message.toUserName,
    createTime: Math.floor(now.getTime() / 1000),
    publicUrl: deps.config.publicUrl,
    maxArticles: handlerFor(message.kind).maxArticles,
  });
}

/**
 * The plaintext reply XML for a message, computed once across retries and instances; or a refusal
 * when the message's stamp turned out to be taken by another body (kinds that write).
 */
async function replyFor(
  deps: AppDeps,
  message: HandledMessage,
  signed: SignedBody,
): Promise<string | WeChatResponse> {
  const key = dedupeKey(message);
  const now = deps.now();
  const entry = {
    openid: message.fromUserName,
    msgType: String(message.raw.MsgType ?? ''),
    event: typeof message.raw.Event === 'string' ? message.raw.Event : null,
    content: message.kind === 'text' ? message.content.slice(0, 2000) : null,
    at: now.toISOString(),
  };
  // Kinds whose handling writes nothing but the message log take the batched log (inbound-log.ts).
  if (!handlerFor(message.kind).writes) {
    // A fan's text may search: the search is logged with the message's row, if this instance's
    // row is the one written (inbound-log.ts), not by every instance the message reached.
    const searches: LoggedSearch[] | undefined = message.kind === 'text' ? [] : undefined;
    const answering = searches ? collectingSearches(deps, searches) : deps;
    return deps.inboundLog.reply(key, { ...entry, sentAtSeconds: message.createTime, searches }, () =>
      answerAndRender(answering, message, now),
    );
  }
  // Side effects: claim, act and store the reply in ONE transaction. A duplicate arriving meanwhile
  // waits on the unique key (Postgres) or the connection (SQLite), then reads the stored answer.
  // Handlers only touch the database here; nothing in this transaction waits on the network.
  let result;
  try {
    result = await inTransaction(deps.db, async (trx) => {
      if ((await claimSignedBody(trx, signed)) !== signed.bodyHash) throw new ReplayedStampError();
      const claim = await claimInboundMessage(trx, { ...entry, dedupeKey: key }, entry.at);
      if (claim.status !== 'claimed') return claim;
      const rendered = await answerAndRender({ ...deps, db: trx }, message, now);
      await completeInboundMessage(trx, key, rendered, entry.at);
      return { status: 'done' as const, reply: rendered };
    });
  } catch (error) {
    if (error instanceof ReplayedStampError) return refuse(deps, 'invalid signature', 'REPLAYED_STAMP');
    throw error;
  }
  if (result.status === 'done') return result.reply ?? SUCCESS_REPLY;
  return waitForFirstDelivery(deps, key);
}

/** The first delivery's stored reply; if it has not finished, WeChat is told to retry (it may fail yet). */
/** `deps` whose search log collects into `searches` instead of writing them. */
function collectingSearches(deps: AppDeps, searches: LoggedSearch[]): AppDeps {
  const searchLog = {
    push(search: LoggedSearch) {
      searches.push(search);
    },
    flush: () => deps.searchLog.flush(),
  };
  return { ...deps, searchLog };
}

async function waitForFirstDelivery(deps: AppDeps, key: string): Promise<string | WeChatResponse> {
  const until = Date.now() + DUPLICATE_WAIT_MS;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reply = await storedReply(deps.db, key);
    if (reply !== undefined) return reply;
  }
  return RETRY_LATER;
}
