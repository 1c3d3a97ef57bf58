/**
 * Builds requests exactly as WeChat sends them to /wechat (plain, compatible or safe mode), for tests
 * and benchmarks (docs/architecture.md#testing).
 */
import { randomBytes } from 'node:crypto';
import { buildXml, createMessageCrypto, sha1Signature } from '@weshop/wechat';

export interface WebhookCredentials {
  appId: string;
  token: string;
  aesKey?: string | undefined;
}

export interface SignedWebhook {
  path: string;
  init: RequestInit;
}

export function signWebhook(
  credentials: WebhookCredentials,
  fields: Record<string, string | number>,
  options: { mode?: 'plain' | 'compatible' | 'safe'; timestamp?: number; nonce?: string; body?: string } = {},
): SignedWebhook {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  // 48 random bits: many messages signed in one second must not share a (timestamp, nonce).
  const nonce = options.nonce ?? String(randomBytes(6).readUIntBE(0, 6));
  const mode = options.mode ?? 'plain';
  const plain = options.body ?? buildXml(fields);
  const query = new URLSearchParams({
    signature: sha1Signature([credentials.token, timestamp, nonce]),
    timestamp,
    nonce,
    openid: String(fields.FromUserName ?? ''),
  });
  let body = plain;
  if (mode !== 'plain') {
    if (!credentials.aesKey) throw new Error('safe and compatible mode need an aesKey');
    const crypto = createMessageCrypto({
      appId: credentials.appId,
      token: credentials.token,
      aesKey: credentials.aesKey,
    });
    const encrypted = crypto.encrypt(plain);
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', crypto.sign(timestamp, nonce, encrypted));
    body =
      mode === 'safe'
        ? buildXml({ ToUserName: String(fields.ToUserName ?? ''), Encrypt: encrypted })
        : buildXml({ ...fields, Encrypt: encrypted });
  }
  return {
    path: `/wechat?${query.toString()}`,
    init: { method: 'POST', headers: { 'content-type': 'text/xml' }, body },
  };
}
