/**
 * Options of createWeChatSim, and their defaults.
 */

export type EncryptMode = 'plain' | 'compatible' | 'safe';

export interface TemplateInfo {
  /** The title WeChat shows on the card, e.g. 订单发货通知. */
  title: string;
  /** Labels for the data keys, e.g. `{ character_string2: '订单号' }`. */
  labels?: Record<string, string>;
}

export interface WeChatSimOptions {
  appId: string;
  secret: string;
  token: string;
  /** EncodingAESKey (43 characters): needed for the compatible and safe modes. */
  aesKey?: string;
  /** Default 'safe' when aesKey is set, else 'plain'. */
  encryptMode?: EncryptMode;
  /** Our server's webhook, e.g. http://localhost:3000/wechat. */
  webhookUrl: string;
  /** The account's original id (ToUserName). Default 'gh_weshop_sim'. */
  ghId?: string;
  /** The account's name at the top of the chat. */
  accountName?: string;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  /** Lifetime of access tokens. Default 7200. */
  tokenTtlSeconds?: number;
  /** How long a fan waits for the webhook's answer. Default 5000, as WeChat. */
  webhookTimeoutMs?: number;
  /** Titles and field labels of the account's templates, for the chat's template cards. */
  templates?: Record<string, TemplateInfo>;
  /** Template messages per (Beijing) day before 45009. Default unlimited. */
  templateDailyQuota?: number;
  /** Post TEMPLATESENDJOBFINISH events to the webhook after template deliveries, as WeChat does. Default false. */
  jobFinishEvents?: boolean;
}

export interface ResolvedSimOptions {
  appId: string;
  secret: string;
  token: string;
  aesKey: string | undefined;
  encryptMode: EncryptMode;
  webhookUrl: string;
  ghId: string;
  accountName: string;
  now: () => number;
  tokenTtlSeconds: number;
  webhookTimeoutMs: number;
  templates: Record<string, TemplateInfo>;
  templateDailyQuota: number | undefined;
  jobFinishEvents: boolean;
}

export function resolveOptions(options: WeChatSimOptions): ResolvedSimOptions {
  const encryptMode = options.encryptMode ?? (options.aesKey ? 'safe' : 'plain');
  if (encryptMode !== 'plain' && !options.aesKey) {
    throw new Error(`encryptMode '${encryptMode}' needs an aesKey (EncodingAESKey)`);
  }
  if (options.aesKey !== undefined && !/^[A-Za-z0-9]{43}$/.test(options.aesKey)) {
    throw new Error('aesKey must be the 43-character EncodingAESKey');
  }
  return {
    appId: options.appId,
    secret: options.secret,
    token: options.token,
    aesKey: options.aesKey,
    encryptMode,
    webhookUrl: options.webhookUrl,
    ghId: options.ghId ?? 'gh_weshop_sim',
    accountName: options.accountName ?? 'weshop 小店',
    now: options.now ?? Date.now,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 5000,
    templates: options.templates ?? {},
    templateDailyQuota: options.templateDailyQuota,
    jobFinishEvents: options.jobFinishEvents ?? false,
  };
}
