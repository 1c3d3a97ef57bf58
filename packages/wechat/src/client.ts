/**
 * The WeChat server API client. Every API method goes through `call()`, which adds the access_token,
 * and when WeChat rejects the token (40001/40014/42001) refreshes it once, shared with every concurrent
 * caller that used the same token, and retries exactly once.
 */
import { z } from 'zod';
import { createWeChatHttp, WeChatApiError, WeChatNetworkError } from './api-errors.ts';
import type { WeChatJson, WeChatRequest } from './api-errors.ts';
import { OAuthAnswerSchema } from './oauth.ts';
import type { OAuthIdentity } from './oauth.ts';
import { createTokenKeeper } from './token.ts';
import type { TokenStore } from './token.ts';

export interface WeChatClientOptions {
  appId: string;
  secret: string;
  /** Default https://api.weixin.qq.com */
  apiBase?: string;
  /** Host of the QR image URL. Default https://mp.weixin.qq.com */
  mpBase?: string;
  /** Per request, including reading the body. Default 5000. */
  timeoutMs?: number;
  tokenStore: TokenStore;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Options of `call()`: method (default POST), query (access_token is added) and a JSON body. */
export type CallOptions = WeChatRequest;

export interface TemplateMessageInput {
  toUser: string;
  templateId: string;
  url?: string;
  miniprogram?: { appId: string; pagePath?: string };
  data: Record<string, { value: string }>;
  /** WeChat sends one message per openid + client_msg_id within 10 minutes: pass the business id. */
  clientMsgId?: string;
}

/**
 * The content part of a mass send, e.g. `{ msgtype: 'text', text: { content: '…' } }`; may also carry
 * `send_ignore_reprint`.
 */
export type MassMessage = Record<string, unknown>;

export interface MassSendByTagInput {
  tagId?: number;
  isToAll?: boolean;
  message: MassMessage;
  /** WeChat's mass-send clientmsgid: one send per id within 24 h, at most 64 bytes. */
  clientMsgId?: string;
}

export interface MassSendByOpenidsInput {
  openids: readonly string[];
  message: MassMessage;
  clientMsgId?: string;
}

export interface QrCode {
  ticket: string;
  /** The URL encoded in the QR code. */
  url: string;
  expireSeconds?: number;
  /** Image of the code: https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=… */
  imageUrl: string;
}

export interface WeChatTag {
  id: number;
  name: string;
  count: number;
}

export interface WeChatUserInfo {
  subscribed: boolean;
  openid: string;
  unionid?: string;
  language?: string;
  /** Epoch seconds. */
  subscribeTime?: number;
  remark?: string;
  tagIds: number[];
  subscribeScene?: string;
  qrScene?: number;
  qrSceneStr?: string;
}

export interface WeChatClient {
  /** The stable access_token, cached in the token store under `access_token`. */
  getAccessToken(): Promise<string>;
  /** Any endpoint that takes `access_token`; returns the parsed answer, throws on a non-zero errcode. */
  call(endpoint: string, options?: CallOptions): Promise<WeChatJson>;
  sendTemplate(input: TemplateMessageInput): Promise<{ msgId: string }>;
  sendCustomMessage(body: Record<string, unknown>): Promise<void>;
  /** `/mass/sendall`. Either a tagId or isToAll. 45065 with the existing msg_id counts as success. */
  massSendByTag(input: MassSendByTagInput): Promise<{ msgIds: string[] }>;
  /**
   * `/mass/send` in the batches of `splitForMassSend` (one openid alone throws a RangeError). With more than
   * one batch, batch i gets clientmsgid `${clientMsgId}-${i}` (keep it ≤ 64 bytes with the suffix).
   * Batches go out one after another; a failure throws, and a retry with the same clientMsgId picks up the
   * batches already sent (45065) as successes.
   */
  massSendByOpenids(input: MassSendByOpenidsInput): Promise<{ msgIds: string[] }>;
  createTag(name: string): Promise<{ id: number; name: string }>;
  listTags(): Promise<WeChatTag[]>;
  /** Batches of ≤ 50 openids, one after another; idempotent, so repeat the call after a failure. */
  tagUsers(tagId: number, openids: readonly string[]): Promise<void>;
  untagUsers(tagId: number, openids: readonly string[]): Promise<void>;
  getUserInfo(openid: string): Promise<WeChatUserInfo>;
  /** QR_LIMIT_STR_SCENE (permanent) or QR_STR_SCENE; scene is 1–64 characters, expireSeconds ≤ 30 days. */
  createQrCode(input: { scene: string; permanent: boolean; expireSeconds?: number }): Promise<QrCode>;
  createMenu(menu: Record<string, unknown>): Promise<void>;
  /** The JS-SDK ticket, cached in the token store under `jsapi_ticket`. */
  getJsapiTicket(): Promise<string>;
  /** Web OAuth code → identity (no access_token, no token retry). 40029/40163 are permanent errors. */
  exchangeOAuthCode(code: string): Promise<OAuthIdentity>;
}

const MASS_SEND_MAX = 10_000;
const TAG_BATCH_MAX = 50;
const QR_MAX_EXPIRE_SECONDS = 2_592_000;

const MsgIdSchema = z.union([z.string(), z.number()]).transform(String);
const TokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const TicketSchema = z.object({ ticket: z.string().min(1), expires_in: z.number().positive() });
const TagSchema = z.object({ id: z.number(), name: z.string(), count: z.number().default(0) });
const QrSchema = z.object({ ticket: z.string(), url: z.string(), expire_seconds: z.number().optional() });
const UserInfoSchema = z.object({
  subscribe: z.number(),
  openid: z.string(),
  unionid: z.string().optional(),
  language: z.string().optional(),
  subscribe_time: z.number().optional(),
  remark: z.string().optional(),
  tagid_list: z.array(z.number()).optional(),
  subscribe_scene: z.string().optional(),
  qr_scene: z.number().optional(),
  qr_scene_str: z.string().optional(),
});

export function createWeChatClient(options: WeChatClientOptions): WeChatClient {
  const missing = (['appId', 'secret'] as const).filter((key) => !options[key]);
  if (missing.length > 0) throw new Error(`createWeChatClient: ${missing.join(' and ')} must not be empty`);
  const { appId, secret } = options;
  const http = createWeChatHttp(options);
  const mpBase = (options.mpBase ?? 'https://mp.weixin.qq.com').replace(/\/+$/, '');

  const fetchStableToken = async (force: boolean) => {
    const body = { grant_type: 'client_credential', appid: appId, secret, force_refresh: force };
    const data = shape(TokenSchema, await http('/cgi-bin/stable_token', { body }), '/cgi-bin/stable_token');
    return { value: data.access_token, expiresInSeconds: data.expires_in };
  };
  const tokens = createTokenKeeper({
    name: 'access_token',
    store: options.tokenStore,
    ...(options.now && { now: options.now }),
    // stable_token in normal mode hands every instance the current token and a new one once it expired,
    // which repairs 40001/42001 without spending a force refresh (20 a day, 30 s apart). Force only when
    // normal mode returns the very value WeChat just rejected.
    fetchToken: async (force, stale) => {
      if (!force) return fetchStableToken(false);
      const normal = await fetchStableToken(false);
      return normal.value !== stale ? normal : fetchStableToken(true);
    },
  });

  async function call(endpoint: string, callOptions: CallOptions = {}): Promise<WeChatJson> {
    const withToken = (token: string): CallOptions => ({
      ...callOptions,
      query: { ...callOptions.query, access_token: token },
    });
    const token = await tokens.get();
    try {
      return await http(endpoint, withToken(token));
    } catch (error) {
      if (!(error instanceof WeChatApiError) || error.kind !== 'token') throw error;
      return http(endpoint, withToken(await tokens.refreshAfterInvalid(token)));
    }
  }

  const jsapiTickets = createTokenKeeper({
    name: 'jsapi_ticket',
    store: options.tokenStore,
    ...(options.now && { now: options.now }),
    fetchToken: async () => {
      const endpoint = '/cgi-bin/ticket/getticket';
      const data = shape(
        TicketSchema,
        await call(endpoint, { method: 'GET', query: { type: 'jsapi' } }),
        endpoint,
      );
      return { value: data.ticket, expiresInSeconds: data.expires_in };
    },
  });

  /** One mass-send request; 45065 means this clientmsgid already went out, and names its msg_id. */
  async function massSend(endpoint: string, body: Record<string, unknown>): Promise<string> {
    let data: WeChatJson;
    try {
      data = await call(endpoint, { body });
    } catch (error) {
      if (!(error instanceof WeChatApiError) || error.errcode !== 45065 || error.data?.msg_id === undefined) {
        throw error;
      }
      data = { ...error.data };
    }
    return shape(z.object({ msg_id: MsgIdSchema }), data, endpoint).msg_id;
  }

  async function tagging(endpoint: string, tagId: number, openids: readonly string[]): Promise<void> {
    // Sequential batches; tagging is idempotent, so after a failure the whole call can simply be repeated.
    for (const batch of chunk([...new Set(openids)], TAG_BATCH_MAX)) {
      await call(endpoint, { body: { openid_list: batch, tagid: tagId } });
    }
  }

  return {
    getAccessToken: () => tokens.get(),
    call,
    async sendTemplate(input) {
      const endpoint = '/cgi-bin/message/template/send';
      const body = {
        touser: input.toUser,
        template_id: input.templateId,
        url: input.url,
        miniprogram: input.miniprogram && {
          appid: input.miniprogram.appId,
          pagepath: input.miniprogram.pagePath,
        },
        data: input.data,
        client_msg_id: input.clientMsgId,
      };
      const data = shape(z.object({ msgid: MsgIdSchema }), await call(endpoint, { body }), endpoint);
      return { msgId: data.msgid };
    },
    async sendCustomMessage(body) {
      await call('/cgi-bin/message/custom/send', { body });
    },
    async massSendByTag({ tagId, isToAll = false, message, clientMsgId }) {
      if (!isToAll && tagId === undefined) throw new Error('massSendByTag needs a tagId or isToAll: true');
      const filter = isToAll ? { is_to_all: true } : { is_to_all: false, tag_id: tagId };
      const body = { filter, ...message, clientmsgid: clientMsgId };
      return { msgIds: [await massSend('/cgi-bin/message/mass/sendall', body)] };
    },
    async massSendByOpenids({ openids, message, clientMsgId }) {
      const batches = splitForMassSend(openids);
      const msgIds: string[] = [];
      for (const [index, touser] of batches.entries()) {
        // Each batch is its own mass send, so each needs its own clientmsgid (WeChat keeps them 24 h).
        const id =
          clientMsgId === undefined || batches.length === 1 ? clientMsgId : `${clientMsgId}-${index}`;
        msgIds.push(await massSend('/cgi-bin/message/mass/send', { touser, ...message, clientmsgid: id }));
      }
      return { msgIds };
    },
    async createTag(name) {
      const endpoint = '/cgi-bin/tags/create';
      const data = await call(endpoint, { body: { tag: { name } } });
      const { tag } = shape(z.object({ tag: TagSchema.omit({ count: true }) }), data, endpoint);
      return { id: tag.id, name: tag.name };
    },
    async listTags() {
      const endpoint = '/cgi-bin/tags/get';
      const data = await call(endpoint, { method: 'GET' });
      return shape(z.object({ tags: z.array(TagSchema) }), data, endpoint).tags;
    },
    tagUsers: (tagId, openids) => tagging('/cgi-bin/tags/members/batchtagging', tagId, openids),
    untagUsers: (tagId, openids) => tagging('/cgi-bin/tags/members/batchuntagging', tagId, openids),
    async getUserInfo(openid) {
      const endpoint = '/cgi-bin/user/info';
      const data = await call(endpoint, { method: 'GET', query: { openid, lang: 'zh_CN' } });
      const user = shape(UserInfoSchema, data, endpoint);
      return {
        subscribed: user.subscribe === 1,
        openid: user.openid,
        unionid: user.unionid,
        language: user.language,
        subscribeTime: user.subscribe_time,
        remark: user.remark,
        tagIds: user.tagid_list ?? [],
        subscribeScene: user.subscribe_scene,
        qrScene: user.qr_scene,
        qrSceneStr: user.qr_scene_str,
      };
    },
    async createQrCode({ scene, permanent, expireSeconds }) {
      if (scene.length < 1 || scene.length > 64) throw new RangeError('QR scene must be 1 to 64 characters');
      if (expireSeconds !== undefined && !(expireSeconds > 0 && expireSeconds <= QR_MAX_EXPIRE_SECONDS)) {
        throw new RangeError(`QR expireSeconds must be within 1..${QR_MAX_EXPIRE_SECONDS}`);
      }
      const endpoint = '/cgi-bin/qrcode/create';
      const action_info = { scene: { scene_str: scene } };
      const body = permanent
        ? { action_name: 'QR_LIMIT_STR_SCENE', action_info }
        : { expire_seconds: expireSeconds, action_name: 'QR_STR_SCENE', action_info };
      const qr = shape(QrSchema, await call(endpoint, { body }), endpoint);
      const imageUrl = `${mpBase}/cgi-bin/showqrcode?ticket=${encodeURIComponent(qr.ticket)}`;
      return { ticket: qr.ticket, url: qr.url, expireSeconds: qr.expire_seconds, imageUrl };
    },
    async createMenu(menu) {
      await call('/cgi-bin/menu/create', { body: menu });
    },
    getJsapiTicket: () => jsapiTickets.get(),
    async exchangeOAuthCode(code) {
      // No access_token and no token retry here: 40001 from this endpoint means a wrong secret.
      const endpoint = '/sns/oauth2/access_token';
      const query = { appid: appId, secret, code, grant_type: 'authorization_code' };
      return shape(OAuthAnswerSchema, await http(endpoint, { method: 'GET', query }), endpoint);
    },
  };
}

/** Checks the shape of a successful answer; a surprise there leaves the outcome unknown. */
function shape<T extends z.ZodType>(schema: T, data: WeChatJson, endpoint: string): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problem = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new WeChatNetworkError(`unexpected answer (${problem})`, endpoint, { outcomeUnknown: true });
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/**
 * Batches for mass/send: duplicates removed (order kept, so a retry builds the same batches), at most
 * 10,000 and at least 2 per batch. Sizes are spread evenly (10,001 → 5,001 + 5,000), so no single openid is
 * ever left over once there are 2 or more. Exactly one openid cannot be mass-sent: that throws a RangeError
 * (send a template or customer-service message instead); none gives no batch.
 */
export function splitForMassSend(openids: readonly string[]): string[][] {
  const unique = [...new Set(openids)];
  if (unique.length === 1) {
    throw new RangeError('mass send by openid needs at least 2 distinct openids (WeChat rule)');
  }
  const count = Math.ceil(unique.length / MASS_SEND_MAX);
  const batches: string[][] = [];
  for (let index = 0, start = 0; index < count; index++) {
    const size = Math.ceil((unique.length - start) / (count - index));
    batches.push(unique.slice(start, start + size));
    start += size;
  }
  return batches;
}
