/**
 * POST /cgi-bin/message/template/send: subscription check, WeChat's field limits for category
 * templates (47003), `client_msg_id` de-duplication (same openid + id within 10 minutes → the same
 * msgid, no second delivery), then the card appears in the fan's chat.
 */
import { z } from 'zod';
import { postToWebhook } from '../fans/webhook.ts';
import { newMsgId } from '../ids.ts';
import type { Store } from '../state.ts';
import type { TemplateLine } from '../types.ts';
import { WeChatError } from './http.ts';

const DEDUPE_MS = 10 * 60 * 1000;

export const TemplateSendSchema = z.object({
  touser: z.string(),
  template_id: z.string(),
  url: z.string().optional(),
  miniprogram: z.object({ appid: z.string(), pagepath: z.string().optional() }).optional(),
  data: z.record(
    z.string(),
    z.object({ value: z.union([z.string(), z.number()]).transform(String), color: z.string().optional() }),
  ),
  client_msg_id: z.string().optional(),
});
export type TemplateSend = z.infer<typeof TemplateSendSchema>;

/** Value rules of category templates by key prefix, as WeChat checks them (lengths in code points). */
const RULES: [RegExp, (value: string) => boolean][] = [
  [/^thing\d+$/, (v) => [...v].length <= 20],
  [/^character_string\d+$/, (v) => [...v].length <= 32 && /^[\x20-\x7e]*$/.test(v)],
  [/^number\d+$/, (v) => v.length <= 32 && /^[\d.-]*$/.test(v)],
  [/^letter\d+$/, (v) => v.length <= 32 && /^[A-Za-z]*$/.test(v)],
  [/^symbol\d+$/, (v) => [...v].length <= 5],
  [/^phrase\d+$/, (v) => [...v].length <= 5],
  [/^phone_number\d+$/, (v) => v.length <= 17],
  [/^car_number\d+$/, (v) => [...v].length <= 8],
  [/^name\d+$/, (v) => [...v].length <= 20],
  [/^amount\d+$/, (v) => /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(v)],
];

function checkData(data: TemplateSend['data']): void {
  for (const [key, { value }] of Object.entries(data)) {
    const rule = RULES.find(([pattern]) => pattern.test(key));
    if (rule && !rule[1](value)) {
      throw new WeChatError(47003, `argument invalid! data.${key}.value invalid`);
    }
  }
}

function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The Beijing-time day of a moment, e.g. '2026-01-01': WeChat's daily quotas reset at midnight there. */
function beijingDay(ms: number): string {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Like WeChat, tells our webhook how the delivery went (TEMPLATESENDJOBFINISH); the answer is ignored. */
function notifyJobFinished(store: Store, openid: string, msgid: string): void {
  const fields = {
    ToUserName: store.options.ghId,
    FromUserName: openid,
    CreateTime: store.nowSeconds(),
    MsgType: 'event',
    Event: 'TEMPLATESENDJOBFINISH',
    MsgID: msgid,
    Status: 'success',
  };
  setTimeout(() => void postToWebhook(store, fields).catch(() => undefined), 0);
}

export function sendTemplate(store: Store, input: TemplateSend): { msgid: string } {
  const fan = store.data.fans.get(input.touser);
  if (input.touser === '') throw new WeChatError(40003, 'invalid openid');
  if (!fan || !fan.subscribed) throw new WeChatError(43004, 'require subscribe');
  if (input.template_id === '') throw new WeChatError(40037, 'invalid template_id');
  checkData(input.data);

  const now = store.now();
  const key = input.client_msg_id === undefined ? undefined : `${input.touser}\n${input.client_msg_id}`;
  if (key !== undefined) {
    const earlier = store.data.templateSent.get(key);
    if (earlier && now - earlier.at < DEDUPE_MS) return { msgid: earlier.msgid };
  }
  const day = beijingDay(now);
  const sentToday = store.data.templateSentPerDay.get(day) ?? 0;
  const quota = store.data.templateDailyQuota;
  if (quota !== undefined && sentToday >= quota) {
    throw new WeChatError(45009, 'reach max api daily quota limit');
  }
  store.data.templateSentPerDay.set(day, sentToday + 1);
  const msgid = newMsgId();
  if (key !== undefined) store.data.templateSent.set(key, { msgid, at: now });

  // The template id and the field names are the caller's: only the configured entries themselves count.
  const info = own(store.options.templates, input.template_id);
  const lines: TemplateLine[] = Object.entries(input.data)
    .filter(([name]) => name !== 'first' && name !== 'remark')
    .map(([name, { value }]) => ({ key: name, label: own(info?.labels ?? {}, name) ?? name, value }));
  const data = Object.fromEntries(Object.entries(input.data).map(([name, { value }]) => [name, { value }]));
  store.addChat(fan.openid, {
    from: 'account',
    type: 'template',
    msgid,
    templateId: input.template_id,
    title: info?.title ?? '模板消息',
    url: input.url || undefined,
    data,
    lines,
  });
  store.recordDelivery({
    kind: 'template',
    openid: fan.openid,
    clientMsgId: input.client_msg_id,
    msgid,
    payload: input,
  });
  if (store.options.jobFinishEvents) notifyJobFinished(store, fan.openid, msgid);
  return { msgid };
}
