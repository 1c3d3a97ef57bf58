import { createCipheriv, createDecipheriv, createSecretKey, randomFillSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { WeChatProtocolError } from './protocol-errors.ts';
import type { ProtocolErrorReason } from './protocol-errors.ts';
import { sha1Signature, verifySignature } from './signature.ts';
import { cdataSection } from './xml.ts';

/** Largest ciphertext decrypt() accepts (decoded bytes); checked on the base64 length before decoding. */
export const MAX_CIPHERTEXT_BYTES = 2 * 1024 * 1024;

const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DIGITS = /^\d{1,20}$/;
const BLOCK = 32; // WeChat's PKCS#7 block size (K = 32), not AES's 16
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;

export interface MessageCryptoOptions {
  appId: string;
  token: string;
  aesKey: string;
  previousAesKey?: string;
}

export interface EncryptReplyOptions {
  timestamp: string;
  nonce: string;
  /** Which key to encrypt with: 0 current (default), 1 previous — answer with the key that decrypted. */
  keyIndex?: 0 | 1;
  /** Fixed 16 random bytes, for test vectors only. */
  random?: Buffer;
}

export interface DecryptedMessage {
  plaintext: string;
  keyIndex: 0 | 1;
}

export interface MessageCrypto {
  encrypt(plaintext: string, random?: Buffer): string;
  decrypt(encrypted: string): DecryptedMessage;
  sign(timestamp: string, nonce: string, encrypted: string): string;
  verify(timestamp: string, nonce: string, encrypted: string, msgSignature: unknown): boolean;
  encryptReply(replyXml: string, options: EncryptReplyOptions): string;
}

/**
 * The 16 random bytes every encrypted message starts with, cut from a pool refilled from the CSPRNG
 * 4 KiB at a time (as crypto.randomUUID does): one randomFillSync per 256 replies instead of one per
 * reply, which is most of its cost. Each slice is copied into the plaintext at once and never reused.
 */
const randomPool = Buffer.alloc(256 * RANDOM_BYTES);
let randomOffset = randomPool.length;

function messageRandom(): Buffer {
  if (randomOffset === randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  randomOffset += RANDOM_BYTES;
  return randomPool.subarray(randomOffset - RANDOM_BYTES, randomOffset);
}

function invalidConfig(message: string): WeChatProtocolError {
  return new WeChatProtocolError('CONFIG_INVALID', message);
}

/** EncodingAESKey (43 chars of [A-Za-z0-9]) → the 32-byte AES key. */
export function decodeEncodingAesKey(key: string): Buffer {
  if (typeof key !== 'string' || !ENCODING_AES_KEY.test(key)) {
    throw invalidConfig('EncodingAESKey must be 43 characters of [A-Za-z0-9]');
  }
  const bytes = Buffer.from(`${key}=`, 'base64');
  if (bytes.length !== 32) throw invalidConfig('EncodingAESKey does not decode to 32 bytes');
  return bytes;
}

/** The AES key as a KeyObject made once (creating one per message is a measurable cost) and its IV. */
interface AesKey {
  secret: KeyObject;
  iv: Buffer;
}

function toAesKey(bytes: Buffer): AesKey {
  return { secret: createSecretKey(bytes), iv: Buffer.from(bytes.subarray(0, 16)) };
}

function encryptWithKey(key: AesKey, appId: Buffer, plaintext: string, random: Buffer): string {
  if (random.length !== RANDOM_BYTES) throw new RangeError('random must be exactly 16 bytes');
  const message = Buffer.from(plaintext, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(message.length, 0);
  const bodyLength = RANDOM_BYTES + LENGTH_BYTES + message.length + appId.length;
  const pad = BLOCK - (bodyLength % BLOCK);
  const padded = Buffer.concat([random, length, message, appId, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key.secret, key.iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Stateless between calls (no `stream` option), so one decoder serves every message. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const REASON_RANK: Partial<Record<ProtocolErrorReason, number>> = {
  CRYPTO_DECRYPT_FAILED: 1,
  CRYPTO_BAD_PADDING: 2,
  CRYPTO_BAD_MSG_LEN: 3,
  CRYPTO_APPID_MISMATCH: 4,
};

function decryptWithKey(key: AesKey, appId: Buffer, ciphertext: Buffer): string {
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key.secret, key.iv);
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new WeChatProtocolError('CRYPTO_DECRYPT_FAILED', 'AES decryption failed');
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length) {
    throw new WeChatProtocolError('CRYPTO_BAD_PADDING', 'PKCS#7 pad byte out of range');
  }
  for (let index = plain.length - pad; index < plain.length; index++) {
    if (plain[index] !== pad)
      throw new WeChatProtocolError('CRYPTO_BAD_PADDING', 'inconsistent PKCS#7 padding');
  }
  const content = plain.subarray(RANDOM_BYTES, plain.length - pad);
  if (content.length < LENGTH_BYTES) throw new WeChatProtocolError('CRYPTO_BAD_MSG_LEN', 'no msg_len');
  const messageLength = content.readUInt32BE(0);
  if (messageLength > content.length - LENGTH_BYTES) {
    throw new WeChatProtocolError('CRYPTO_BAD_MSG_LEN', 'msg_len exceeds the decrypted data');
  }
  const messageEnd = LENGTH_BYTES + messageLength;
  if (!content.subarray(messageEnd).equals(appId)) {
    throw new WeChatProtocolError('CRYPTO_APPID_MISMATCH', 'trailing appid is not ours');
  }
  try {
    return STRICT_UTF8.decode(content.subarray(LENGTH_BYTES, messageEnd));
  } catch {
    throw new WeChatProtocolError('CRYPTO_DECRYPT_FAILED', 'message is not valid UTF-8');
  }
}

/** Decodes base64 `Encrypt` text after checking alphabet, length and size without decoding first. */
function decodeCiphertext(encrypted: unknown): Buffer {
  if (typeof encrypted !== 'string') throw new WeChatProtocolError('CRYPTO_BAD_BASE64', 'not a string');
  if (encrypted.length > Math.ceil(MAX_CIPHERTEXT_BYTES / 3) * 4) {
    throw new WeChatProtocolError('CRYPTO_BAD_LENGTH', `ciphertext over ${MAX_CIPHERTEXT_BYTES} bytes`);
  }
  if (encrypted.length % 4 !== 0 || !STRICT_BASE64.test(encrypted)) {
    throw new WeChatProtocolError('CRYPTO_BAD_BASE64', 'Encrypt is not canonical base64');
  }
  const padding = encrypted.endsWith('==') ? 2 : encrypted.endsWith('=') ? 1 : 0;
  const byteLength = (encrypted.length / 4) * 3 - padding;
  if (byteLength === 0 || byteLength % 16 !== 0 || byteLength > MAX_CIPHERTEXT_BYTES) {
    throw new WeChatProtocolError('CRYPTO_BAD_LENGTH', `ciphertext length ${byteLength} is not n × 16`);
  }
  return Buffer.from(encrypted, 'base64');
}

/**
 * Safe-mode message crypto for one account: AES-256-CBC with IV = key[0..16], PKCS#7 (K = 32),
 * plaintext = random(16) ‖ msg_len(4, BE) ‖ msg ‖ appid. Keeps the previous EncodingAESKey for rotation.
 */
export function createMessageCrypto(options: MessageCryptoOptions): MessageCrypto {
  const { appId, token } = options;
  if (typeof appId !== 'string' || appId === '') throw invalidConfig('appId is empty');
  if (typeof token !== 'string' || token === '') throw invalidConfig('token is empty');
  const appIdBytes = Buffer.from(appId, 'utf8');
  const keys: AesKey[] = [toAesKey(decodeEncodingAesKey(options.aesKey))];
  if (options.previousAesKey !== undefined && options.previousAesKey !== '') {
    keys.push(toAesKey(decodeEncodingAesKey(options.previousAesKey)));
  }

  const keyAt = (index: 0 | 1): AesKey => {
    const key = keys[index];
    if (key === undefined) throw invalidConfig('no previous EncodingAESKey configured');
    return key;
  };

  const sign = (timestamp: string, nonce: string, encrypted: string): string =>
    sha1Signature([token, timestamp, nonce, encrypted]);

  return {
    encrypt(plaintext, random = messageRandom()) {
      return encryptWithKey(keyAt(0), appIdBytes, plaintext, random);
    },

    decrypt(encrypted) {
      const ciphertext = decodeCiphertext(encrypted);
      let firstError: WeChatProtocolError | undefined;
      for (const [index, key] of keys.entries()) {
        try {
          return { plaintext: decryptWithKey(key, appIdBytes, ciphertext), keyIndex: index === 0 ? 0 : 1 };
        } catch (error) {
          if (!(error instanceof WeChatProtocolError)) throw error;
          // Report the failure that got furthest: an appid mismatch beats the other key's bad padding.
          if (
            firstError === undefined ||
            (REASON_RANK[error.reason] ?? 0) > (REASON_RANK[firstError.reason] ?? 0)
          ) {
            firstError = error;
          }
        }
      }
      throw firstError ?? new WeChatProtocolError('CRYPTO_DECRYPT_FAILED');
    },

    sign,

    verify(timestamp, nonce, encrypted, msgSignature) {
      if (typeof timestamp !== 'string' || typeof nonce !== 'string' || typeof encrypted !== 'string') {
        return false;
      }
      return verifySignature([token, timestamp, nonce, encrypted], msgSignature);
    },

    encryptReply(replyXml, { timestamp, nonce, keyIndex = 0, random = messageRandom() }) {
      if (!DIGITS.test(timestamp)) throw new RangeError('timestamp must be unix seconds as digits');
      const encrypted = encryptWithKey(keyAt(keyIndex), appIdBytes, replyXml, random);
      // Base64 and hex can hold neither `]]>` nor a non-XML character: no CDATA escaping needed.
      return (
        `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt>` +
        `<MsgSignature><![CDATA[${sign(timestamp, nonce, encrypted)}]]></MsgSignature>` +
        `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdataSection(nonce)}</Nonce></xml>`
      );
    },
  };
}
