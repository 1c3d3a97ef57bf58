import { z } from 'zod';

import type { XmlValue } from './xml.ts';

/** The fields of a parsed push, as returned by parseWeChatXml. */
export type XmlFields = Record<string, XmlValue>;

const text = z.string();
const nonEmpty = z.string().min(1);
const msgId = z.string().min(1).max(64);
const count = z
  .string()
  .regex(/^\d{1,15}$/, 'expected digits')
  .transform(Number);

const commonShape = {
  toUserName: nonEmpty,
  fromUserName: nonEmpty,
  createTime: z
    .string()
    .regex(/^\d{1,12}$/, 'expected unix seconds as digits')
    .transform(Number),
  raw: z.custom<XmlFields>(),
};

function variant<K extends string, S extends z.ZodRawShape>(kind: K, shape: S) {
  return z.object({ kind: z.literal(kind), ...commonShape, ...shape });
}

const mediaShape = { msgId, mediaId: text, thumbMediaId: text };

export const TextMessageSchema = variant('text', {
  msgId,
  content: text,
  msgDataId: text.optional(),
  idx: text.optional(),
});
export const ImageMessageSchema = variant('image', { msgId, picUrl: text, mediaId: text });
export const VoiceMessageSchema = variant('voice', {
  msgId,
  mediaId: text,
  format: text,
  recognition: text.optional(),
});
export const VideoMessageSchema = variant('video', mediaShape);
export const ShortVideoMessageSchema = variant('shortvideo', mediaShape);
export const LocationMessageSchema = variant('location', {
  msgId,
  latitude: text,
  longitude: text,
  scale: text,
  label: text.default(''),
});
export const LinkMessageSchema = variant('link', { msgId, title: text, description: text, url: text });
export const SubscribeEventSchema = variant('subscribe', {
  eventKey: text.optional(),
  scene: text.nullable(),
  ticket: text.optional(),
});
export const UnsubscribeEventSchema = variant('unsubscribe', {});
export const ScanEventSchema = variant('scan', { scene: text, ticket: text.optional() });
export const ClickEventSchema = variant('click', { eventKey: text });
export const ViewEventSchema = variant('view', { eventKey: text, menuId: text.optional() });
export const LocationEventSchema = variant('location_event', {
  latitude: text,
  longitude: text,
  precision: text,
});
export const TemplateSendJobFinishEventSchema = variant('template_send_job_finish', { msgId, status: text });
export const MassSendJobFinishEventSchema = variant('mass_send_job_finish', {
  msgId,
  status: text,
  totalCount: count.optional(),
  filterCount: count.optional(),
  sentCount: count.optional(),
  errorCount: count.optional(),
});
export const UnknownMessageSchema = variant('unknown', { msgType: text, event: text.optional() });
export const InvalidMessageSchema = z.object({
  kind: z.literal('invalid'),
  reason: text,
  toUserName: text,
  fromUserName: text,
  createTime: z.number(),
  raw: z.custom<XmlFields>(),
});

export const IncomingMessageSchema = z.discriminatedUnion('kind', [
  TextMessageSchema,
  ImageMessageSchema,
  VoiceMessageSchema,
  VideoMessageSchema,
  ShortVideoMessageSchema,
  LocationMessageSchema,
  LinkMessageSchema,
  SubscribeEventSchema,
  UnsubscribeEventSchema,
  ScanEventSchema,
  ClickEventSchema,
  ViewEventSchema,
  LocationEventSchema,
  TemplateSendJobFinishEventSchema,
  MassSendJobFinishEventSchema,
  UnknownMessageSchema,
  InvalidMessageSchema,
]);

export type IncomingMessage = z.output<typeof IncomingMessageSchema>;
export type IncomingMessageKind = IncomingMessage['kind'];
export type IncomingMessageOf<K extends IncomingMessageKind> = Extract<IncomingMessage, { kind: K }>;

type Spec = { kind: string; schema: z.ZodType<IncomingMessage>; xmlNames: ReadonlyMap<string, string> };
type KindedSchema = z.ZodType<IncomingMessage> & { shape: { kind: z.ZodLiteral<string> } };

/**
 * One variant: its schema and the XML field behind each schema key — the key with a capital first letter
 * (`msgId` → `MsgId`) unless renamed (`latitude` → `Location_X`).
 */
function spec(schema: KindedSchema, renamed: Readonly<Record<string, string>> = {}): Spec {
  const keys = Object.keys(schema.shape).filter((key) => key !== 'kind' && key !== 'raw');
  const names = keys.map((key): [string, string] => [
    key,
    renamed[key] ?? key.charAt(0).toUpperCase() + key.slice(1),
  ]);
  return { kind: schema.shape.kind.value, schema, xmlNames: new Map(names) };
}

// Maps (not object literals) so that a MsgType like `__proto__` can never hit a prototype property.
const MESSAGE_SPECS = new Map<string, Spec>([
  ['text', spec(TextMessageSchema)],
  ['image', spec(ImageMessageSchema)],
  ['voice', spec(VoiceMessageSchema)],
  ['video', spec(VideoMessageSchema)],
  ['shortvideo', spec(ShortVideoMessageSchema)],
  ['location', spec(LocationMessageSchema, { latitude: 'Location_X', longitude: 'Location_Y' })],
  ['link', spec(LinkMessageSchema)],
]);

const EVENT_SPECS = new Map<string, Spec>([
  ['subscribe', spec(SubscribeEventSchema)], // scene is derived from EventKey below
  ['unsubscribe', spec(UnsubscribeEventSchema)],
  ['scan', spec(ScanEventSchema, { scene: 'EventKey' })],
  ['click', spec(ClickEventSchema)],
  ['view', spec(ViewEventSchema)],
  ['location', spec(LocationEventSchema)],
  ['templatesendjobfinish', spec(TemplateSendJobFinishEventSchema, { msgId: 'MsgID' })],
  ['masssendjobfinish', spec(MassSendJobFinishEventSchema, { msgId: 'MsgID' })],
]);

const UNKNOWN_SPEC = spec(UnknownMessageSchema);

const QR_SCENE_PREFIX = 'qrscene_';

function own(fields: XmlFields, name: string): XmlValue | undefined {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

function ownString(fields: XmlFields, name: string): string {
  const value = own(fields, name);
  return typeof value === 'string' ? value : '';
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid message';
  return `${issue.path.map(String).join('.') || 'message'}: ${issue.message}`;
}

function invalid(fields: XmlFields, reason: string): IncomingMessage {
  const createTime = ownString(fields, 'CreateTime');
  return {
    kind: 'invalid',
    reason,
    toUserName: ownString(fields, 'ToUserName'),
    fromUserName: ownString(fields, 'FromUserName'),
    createTime: /^\d{1,12}$/.test(createTime) ? Number(createTime) : 0,
    raw: fields,
  };
}

/**
 * Reads a parsed push into a typed message. Never throws: unknown MsgType/Event values give
 * `kind: 'unknown'`, missing or mistyped fields give `kind: 'invalid'` with a reason.
 */
export function parseIncomingMessage(fields: XmlFields): IncomingMessage {
  const msgType = own(fields, 'MsgType');
  if (typeof msgType !== 'string' || msgType === '') return invalid(fields, 'msgType: missing or not text');
  const event = own(fields, 'Event');
  const isEvent = msgType.toLowerCase() === 'event';
  if (isEvent && typeof event !== 'string') return invalid(fields, 'event: missing or not text');

  const found = isEvent
    ? EVENT_SPECS.get(String(event).toLowerCase())
    : MESSAGE_SPECS.get(msgType.toLowerCase());
  const { kind, schema, xmlNames } = found ?? UNKNOWN_SPEC;
  const candidate: Record<string, unknown> = { kind, raw: fields };
  for (const [name, xmlName] of xmlNames) {
    const value = own(fields, xmlName);
    if (value !== undefined) candidate[name] = value;
  }
  if (kind === 'subscribe') {
    const eventKey = candidate['eventKey'];
    const hasScene = typeof eventKey === 'string' && eventKey.startsWith(QR_SCENE_PREFIX);
    candidate['scene'] = hasScene ? eventKey.slice(QR_SCENE_PREFIX.length) : null;
  }
  const result = schema.safeParse(candidate);
  return result.success ? result.data : invalid(fields, describe(result.error));
}

/**
 * Idempotency key for WeChat's retries: `msg:<MsgId>` for messages, otherwise
 * `evt:<FromUserName>:<CreateTime>:<Event>:<EventKey>` (subscribe and SCAN in one second stay distinct).
 */
export function dedupeKey(message: IncomingMessage): string {
  const raw = message.raw;
  const id = ownString(raw, 'MsgId');
  if (id !== '' && ownString(raw, 'MsgType').toLowerCase() !== 'event') return `msg:${id}`;
  const from = ownString(raw, 'FromUserName');
  const time = ownString(raw, 'CreateTime');
  return `evt:${from}:${time}:${ownString(raw, 'Event')}:${ownString(raw, 'EventKey')}`;
}
