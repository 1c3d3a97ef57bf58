import { createMessageCrypto, createWeChatClient } from '@weshop/wechat';
import type { TokenStore } from '@weshop/wechat';
import type { WeChatConfig } from '../config.ts';

export type WeChatClient = ReturnType<typeof createWeChatClient>;
export type MessageCrypto = ReturnType<typeof createMessageCrypto>;

/** Everything the app needs to talk WeChat: the config, the API client, and the message crypto (safe mode). */
export interface WeChatDeps {
  config: WeChatConfig;
  client: WeChatClient;
  /** null when no EncodingAESKey is configured (plain mode only). */
  crypto: MessageCrypto | null;
}

export function createWeChatDeps(config: WeChatConfig, tokenStore: TokenStore): WeChatDeps {
  const client = createWeChatClient({
    appId: config.appId,
    secret: config.secret,
    apiBase: config.apiBase,
    tokenStore,
  });
  const crypto = config.aesKey
    ? createMessageCrypto({
        appId: config.appId,
        token: config.token,
        aesKey: config.aesKey,
        ...(config.previousAesKey ? { previousAesKey: config.previousAesKey } : {}),
      })
    : null;
  return { config, client, crypto };
}
