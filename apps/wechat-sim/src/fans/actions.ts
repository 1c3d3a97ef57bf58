/**
 * What a fan can do: exist, follow (optionally by scanning a parametric QR code), unfollow, send a text,
 * tap a menu button. Each action updates the sim, adds the fan's side to the chat, posts the message or
 * event to our webhook and adds whatever the reply shows.
 */
import { newMsgId, newOpenid, newTicket } from '../ids.ts';
import type { QrTicket, Store } from '../state.ts';
import type { ChatItem, Fan } from '../types.ts';
import { postToWebhook } from './webhook.ts';
import type { MessageFields, WebhookOutcome } from './webhook.ts';

export class SimError extends Error {
  status: 400 | 404 | 409;
  constructor(status: 400 | 404 | 409, message: string) {
    super(message);
    this.status = status;
  }
}

export interface FanActionResult {
  /** Chat items this action added (the fan's side, then the reply, if any). */
  items: ChatItem[];
  /** The webhook exchange; null when nothing was posted. */
  webhook: WebhookOutcome | null;
}

export interface CreateFanInput {
  openid?: string;
  nickname?: string;
  /** Start as a follower without posting a subscribe event. */
  subscribed?: boolean;
}

const NICKNAMES = ['小红', '阿明', '晓雯', '大壮', '可可', '木子', '阿杰', '糖糖', '老王', '小鹿'];

export function createFan(store: Store, input: CreateFanInput = {}): Fan {
  const fans = store.data.fans;
  const existing = input.openid ? fans.get(input.openid) : undefined;
  if (existing) {
    if (input.nickname) existing.nickname = input.nickname;
    return existing;
  }
  const openid = input.openid ?? newOpenid();
  const subscribed = input.subscribed ?? false;
  const fan: Fan = {
    openid,
    nickname: input.nickname || `${NICKNAMES[fans.size % NICKNAMES.length] ?? '粉丝'}${fans.size + 1}`,
    subscribed,
    subscribeTime: subscribed ? store.nowSeconds() : undefined,
    subscribeScene: subscribed ? 'ADD_SCENE_SEARCH' : 'ADD_SCENE_OTHERS',
    qrSceneStr: '',
    tagIds: [],
    createdAt: store.isoNow(),
    lastInteractionAt: subscribed ? store.now() : undefined,
  };
  fans.set(openid, fan);
  return fan;
}

export function requireFan(store: Store, openid: string): Fan {
  const fan = store.data.fans.get(openid);
  if (!fan) throw new SimError(404, `没有这个粉丝：${openid}`);
  return fan;
}

function requireFollower(store: Store, openid: string): Fan {
  const fan = requireFan(store, openid);
  if (!fan.subscribed) throw new SimError(409, '请先关注公众号');
  return fan;
}

/** The QR ticket of a scene: an existing one, else a new permanent string-scene code. */
export function ticketForScene(store: Store, scene: string): QrTicket {
  for (const ticket of store.data.qrTickets.values()) {
    if (ticket.scene === scene && (ticket.expiresAt === undefined || ticket.expiresAt > store.now())) {
      return ticket;
    }
  }
  const ticket: QrTicket = { ticket: newTicket('gQ'), actionName: 'QR_LIMIT_STR_SCENE', scene };
  store.data.qrTickets.set(ticket.ticket, ticket);
  return ticket;
}

async function exchange(
  store: Store,
  fan: Fan,
  fields: MessageFields,
  first: ChatItem,
  /** 1 for replies to a fan's message, 8 for events; 0: WeChat shows no reply at all (unsubscribe, VIEW). */
  maxArticles: 0 | 1 | 8 = 8,
): Promise<FanActionResult> {
  fan.lastInteractionAt = store.now();
  const header = { ToUserName: store.options.ghId, FromUserName: fan.openid, CreateTime: store.nowSeconds() };
  const webhook = await postToWebhook(store, { ...header, ...fields });
  const items = [first];
  let reply = maxArticles === 0 ? undefined : webhook.reply;
  // The WeChat client shows only the first article of a news reply to a text message.
  if (reply?.type === 'news') reply = { ...reply, articles: reply.articles.slice(0, maxArticles) };
  if (reply) items.push(store.addChat(fan.openid, reply));
  return { items, webhook };
}

export async function follow(
  store: Store,
  openid: string,
  via: { scene?: string; ticket?: string } = {},
): Promise<FanActionResult> {
  const fan = requireFan(store, openid);
  let qr: QrTicket | undefined;
  if (via.ticket) {
    qr = store.data.qrTickets.get(via.ticket);
    if (!qr || (qr.expiresAt !== undefined && qr.expiresAt <= store.now())) {
      throw new SimError(404, '二维码已过期或不存在');
    }
  } else if (via.scene) {
    qr = ticketForScene(store, via.scene);
  }
  if (fan.subscribed) {
    if (!qr) return { items: [], webhook: null };
    const first = store.addChat(openid, { from: 'fan', type: 'event', event: 'SCAN', eventKey: qr.scene });
    const fields = { MsgType: 'event', Event: 'SCAN', EventKey: qr.scene, Ticket: qr.ticket };
    return exchange(store, fan, fields, first);
  }
  fan.subscribed = true;
  fan.subscribeTime = store.nowSeconds();
  fan.subscribeScene = qr ? 'ADD_SCENE_QR_CODE' : 'ADD_SCENE_SEARCH';
  fan.qrSceneStr = qr ? qr.scene : '';
  const eventKey = qr ? `qrscene_${qr.scene}` : undefined;
  const first = store.addChat(openid, { from: 'fan', type: 'event', event: 'subscribe', eventKey });
  const fields: MessageFields = { MsgType: 'event', Event: 'subscribe' };
  if (qr) Object.assign(fields, { EventKey: `qrscene_${qr.scene}`, Ticket: qr.ticket });
  else fields.EventKey = '';
  return exchange(store, fan, fields, first);
}

export async function unfollow(store: Store, openid: string): Promise<FanActionResult> {
  const fan = requireFan(store, openid);
  if (!fan.subscribed) return { items: [], webhook: null };
  fan.subscribed = false;
  const first = store.addChat(openid, {
    from: 'fan',
    type: 'event',
    event: 'unsubscribe',
    eventKey: undefined,
  });
  return exchange(store, fan, { MsgType: 'event', Event: 'unsubscribe', EventKey: '' }, first, 0);
}

export async function sendText(
  store: Store,
  openid: string,
  content: string,
): Promise<FanActionResult & { msgId: string }> {
  const fan = requireFollower(store, openid);
  if (content.trim() === '') throw new SimError(400, '不能发送空白消息');
  const msgId = newMsgId();
  const first = store.addChat(openid, { from: 'fan', type: 'text', text: content });
  const result = await exchange(store, fan, { MsgType: 'text', Content: content, MsgId: msgId }, first, 1);
  return { ...result, msgId };
}

export async function clickMenu(store: Store, openid: string, key: string): Promise<FanActionResult> {
  const fan = requireFollower(store, openid);
  const first = store.addChat(openid, { from: 'fan', type: 'event', event: 'CLICK', eventKey: key });
  return exchange(store, fan, { MsgType: 'event', Event: 'CLICK', EventKey: key }, first);
}

export async function viewMenu(store: Store, openid: string, url: string): Promise<FanActionResult> {
  const fan = requireFollower(store, openid);
  const first = store.addChat(openid, { from: 'fan', type: 'event', event: 'VIEW', eventKey: url });
  return exchange(store, fan, { MsgType: 'event', Event: 'VIEW', EventKey: url }, first, 0);
}
