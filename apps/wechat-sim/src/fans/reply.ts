/**
 * Reads a passive reply as WeChat does. Accepted: `success` or an empty body (nothing shown); reply XML
 * addressed to the fan from the account, plain in plain mode, encrypted (with a valid MsgSignature) in
 * safe mode, either in compatible mode. Everything else is rejected with a reason.
 */
import { timingSafeEqual } from 'node:crypto';
import { createMessageCrypto, parseWeChatXml } from '../protocol.ts';
import type { Store } from '../state.ts';
import type { ChatItemInput, NewsArticle } from '../types.ts';

export type ReplyReading = { ok: true; reply: ChatItemInput | undefined } | { ok: false; error: string };

type Fields = Record<string, unknown>;

/** A leaf value as text (parsers may give numbers for numeric leaves). */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A Map, not an object: MsgType is the webhook's, and `constructor` must not find Object's. */
const MEDIA_LABELS = new Map([
  ['image', '[图片]'],
  ['voice', '[语音]'],
  ['video', '[视频]'],
  ['music', '[音乐]'],
]);

export function readReply(store: Store, body: string, openid: string): ReplyReading {
  const trimmed = body.trim();
  if (trimmed === '' || trimmed === 'success') return { ok: true, reply: undefined };
  let outer: Fields;
  try {
    outer = parseWeChatXml(trimmed);
  } catch (error) {
    return { ok: false, error: `not WeChat XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const { options } = store;
  const encrypted = text(outer.Encrypt);
  let message = outer;
  if (encrypted !== undefined) {
    if (options.encryptMode === 'plain' || !options.aesKey) {
      return { ok: false, error: 'an encrypted reply, but the account is in plain mode' };
    }
    const signature = text(outer.MsgSignature);
    const timestamp = text(outer.TimeStamp);
    const nonce = text(outer.Nonce);
    if (!signature || !timestamp || !nonce) {
      return { ok: false, error: 'the encrypted reply lacks MsgSignature, TimeStamp or Nonce' };
    }
    const crypto = createMessageCrypto({
      appId: options.appId,
      token: options.token,
      aesKey: options.aesKey,
    });
    if (!sameText(crypto.sign(timestamp, nonce, encrypted), signature)) {
      return { ok: false, error: 'MsgSignature of the reply does not match' };
    }
    try {
      message = parseWeChatXml(crypto.decrypt(encrypted).plaintext);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, error: `cannot decrypt the reply: ${reason}` };
    }
  } else if (options.encryptMode === 'safe') {
    return { ok: false, error: 'safe mode needs an encrypted reply' };
  }
  return readMessage(store, message, openid);
}

function readMessage(store: Store, message: Fields, openid: string): ReplyReading {
  const to = text(message.ToUserName);
  const from = text(message.FromUserName);
  if (to !== openid) return { ok: false, error: `ToUserName must be the fan's openid ${openid}, got ${to}` };
  if (from !== store.options.ghId) {
    return { ok: false, error: `FromUserName must be the account ${store.options.ghId}, got ${from}` };
  }
  if (text(message.CreateTime) === undefined) return { ok: false, error: 'CreateTime is missing' };
  const msgType = text(message.MsgType);
  if (msgType === 'text') {
    const content = text(message.Content);
    if (!content) return { ok: false, error: 'a text reply needs Content' };
    return { ok: true, reply: { from: 'account', type: 'text', text: content } };
  }
  if (msgType === 'news') return readNews(message);
  if (msgType === 'transfer_customer_service') return { ok: true, reply: undefined };
  const label = msgType === undefined ? undefined : MEDIA_LABELS.get(msgType);
  if (label) return { ok: true, reply: { from: 'account', type: 'text', text: label } };
  return { ok: false, error: `unknown MsgType ${msgType}` };
}

function readNews(message: Fields): ReplyReading {
  const articles = message.Articles;
  const items = isFields(articles) ? articles.item : undefined;
  const list = Array.isArray(items) ? items : items === undefined ? [] : [items];
  if (list.length === 0) return { ok: false, error: 'a news reply needs Articles/item' };
  if (list.length > 8) return { ok: false, error: 'a news reply holds at most 8 articles' };
  const count = text(message.ArticleCount);
  if (count !== undefined && Number(count) !== list.length) {
    return { ok: false, error: `ArticleCount ${count} but ${list.length} articles` };
  }
  const read: NewsArticle[] = [];
  for (const item of list) {
    if (!isFields(item))
      return { ok: false, error: 'each Articles/item needs Title, Description, PicUrl, Url' };
    read.push({
      title: text(item.Title) ?? '',
      description: text(item.Description) ?? '',
      picUrl: text(item.PicUrl) ?? '',
      url: text(item.Url) ?? '',
    });
  }
  if (read.some((article) => article.title === '')) return { ok: false, error: 'an article needs a Title' };
  return { ok: true, reply: { from: 'account', type: 'news', articles: read } };
}
