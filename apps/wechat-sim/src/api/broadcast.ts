/**
 * Customer-service messages (one fan, within 48 hours of the fan's last interaction) and mass messages
 * (by tag, to all, or to an openid list; `clientmsgid` de-duplicated for 24 hours).
 */
import { z } from 'zod';
import { newMsgId } from '../ids.ts';
import type { Store } from '../state.ts';
import type { ChatItemInput } from '../types.ts';
import { WeChatError } from './http.ts';

const WINDOW_MS = 48 * 3600 * 1000;
const MASS_DEDUPE_MS = 24 * 3600 * 1000;

const ArticleSchema = z.object({
  title: z.string().optional(),
  description: z.string().optional(),
  url: z.string().optional(),
  picurl: z.string().optional(),
});

export const CustomSendSchema = z.object({
  touser: z.string(),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  news: z.object({ articles: z.array(ArticleSchema) }).optional(),
});
export type CustomSend = z.infer<typeof CustomSendSchema>;

const MassContent = {
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  mpnews: z.object({ media_id: z.string() }).optional(),
  clientmsgid: z.string().optional(),
  send_ignore_reprint: z.number().optional(),
};
export const MassByTagSchema = z.object({
  filter: z.object({ is_to_all: z.boolean().optional(), tag_id: z.number().int().optional() }),
  ...MassContent,
});
export const MassByListSchema = z.object({ touser: z.array(z.string()), ...MassContent });
type MassInput = z.infer<typeof MassByTagSchema> | z.infer<typeof MassByListSchema>;

/** A Map, not an object: msgtype is the caller's, and `constructor` must not find Object's. */
const PLACEHOLDERS = new Map([
  ['image', '[图片]'],
  ['voice', '[语音]'],
  ['mpvideo', '[视频]'],
  ['video', '[视频]'],
  ['music', '[音乐]'],
  ['wxcard', '[卡券]'],
  ['miniprogrampage', '[小程序]'],
]);

function placeholder(msgtype: string): ChatItemInput {
  return { from: 'account', type: 'text', text: PLACEHOLDERS.get(msgtype) ?? `[${msgtype}]` };
}

export function sendCustom(store: Store, input: CustomSend): void {
  const fan = store.data.fans.get(input.touser);
  if (!fan) throw new WeChatError(40003, 'invalid openid');
  const last = fan.lastInteractionAt;
  if (!fan.subscribed || last === undefined || store.now() - last > WINDOW_MS) {
    throw new WeChatError(45015, 'response out of time limit or subscription is canceled');
  }
  let item: ChatItemInput;
  if (input.msgtype === 'text') {
    if (!input.text?.content) throw new WeChatError(44003, 'empty content');
    item = { from: 'account', type: 'text', text: input.text.content };
  } else if (input.msgtype === 'news') {
    const articles = input.news?.articles ?? [];
    if (articles.length === 0) throw new WeChatError(44002, 'empty news data');
    if (articles.length > 1) throw new WeChatError(45008, 'article size out of limit');
    item = {
      from: 'account',
      type: 'news',
      articles: articles.map((article) => ({
        title: article.title ?? '',
        description: article.description ?? '',
        picUrl: article.picurl ?? '',
        url: article.url ?? '',
      })),
    };
  } else {
    item = placeholder(input.msgtype);
  }
  store.addChat(fan.openid, item);
  store.recordDelivery({
    kind: 'custom',
    openid: fan.openid,
    clientMsgId: undefined,
    msgid: newMsgId(),
    payload: input,
  });
}

function massItem(input: MassInput): ChatItemInput {
  if (input.msgtype === 'text') {
    if (!input.text?.content) throw new WeChatError(44003, 'empty content');
    return { from: 'account', type: 'text', text: input.text.content };
  }
  if (input.msgtype === 'mpnews') {
    if (!input.mpnews?.media_id) throw new WeChatError(40007, 'invalid media_id');
    const article = {
      title: '图文消息',
      description: `media_id: ${input.mpnews.media_id}`,
      picUrl: '',
      url: '',
    };
    return { from: 'account', type: 'news', articles: [article] };
  }
  return placeholder(input.msgtype);
}

/** Delivers a mass message to the subscribed fans among `openids`; answers msg_id and msg_data_id. */
export function sendMass(
  store: Store,
  input: MassInput,
  openids: string[],
): { msgId: string; msgDataId: number } {
  const data = store.data;
  if (input.clientmsgid !== undefined) {
    if (Buffer.byteLength(input.clientmsgid) > 64)
      throw new WeChatError(45067, 'clientmsgid size out of limit');
    const earlier = data.massSent.get(input.clientmsgid);
    if (earlier && store.now() - earlier.at < MASS_DEDUPE_MS) {
      throw new WeChatError(45065, 'clientmsgid exist', { msg_id: Number(earlier.msgId) });
    }
  }
  const item = massItem(input);
  const msgId = String(1_000_000_000 + store.nextId());
  if (input.clientmsgid !== undefined) data.massSent.set(input.clientmsgid, { msgId, at: store.now() });
  for (const openid of new Set(openids)) {
    const fan = data.fans.get(openid);
    if (!fan?.subscribed) continue;
    store.addChat(openid, item);
    store.recordDelivery({
      kind: 'mass',
      openid,
      clientMsgId: input.clientmsgid,
      msgid: msgId,
      payload: input,
    });
  }
  return { msgId, msgDataId: 2_247_000_000 + store.nextId() };
}

export function openidsForFilter(store: Store, filter: { is_to_all?: boolean; tag_id?: number }): string[] {
  const fans = [...store.data.fans.values()];
  if (filter.is_to_all) return fans.map((fan) => fan.openid);
  if (filter.tag_id === undefined || !store.data.tags.has(filter.tag_id)) {
    throw new WeChatError(40050, 'invalid tag id');
  }
  const tagId = filter.tag_id;
  return fans.filter((fan) => fan.tagIds.includes(tagId)).map((fan) => fan.openid);
}

export function checkOpenidList(touser: string[]): void {
  if (touser.length < 2 || touser.length > 10_000) {
    throw new WeChatError(40130, 'invalid openid list size, at least two openid');
  }
}
