import { createCipheriv, createDecipheriv, createSecretKey, randomFillSync } from 'node:crypto';
import type { Cipheriv, Decipheriv, KeyObject } from 'node:crypto';

import { WeChatProtocolError } from './protocol-errors.ts';
import type { ProtocolErrorReason } from './protocol-errors.ts';
import { sha1Signature, verifySignature } from './signature.ts';
import { cdataSection } from './xml.ts';

/** Largest ciphertext decrypt() accepts (decoded bytes); checked on the base64 length before decoding. */
export const MAX_CIPHERTEXT_BYTES = 2 * 1024 * 1024;

const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;
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

/**
 * AES-256-CBC under one key with WeChat's fixed IV (the key's first 16 bytes), on a cipher context
 * made once instead of once per message: making an OpenSSL context costs several times more than
 * encrypting a message (a measurable share of a webhook message's CPU time under load,
 * bench/results/2026-11-22-webhook-3.txt). The context is never finalised; after every call it holds
 * the last ciphertext
 * block as its chaining value, so the next message starts from that value instead of the IV. CBC
 * only feeds the chaining value into the first block, by XOR, so XOR-ing `chain ⊕ IV` into that
 * block (before encrypting, after decrypting) gives exactly what a fresh context would:
 *   encrypt: C1 = E(P1 ⊕ IV) = E((P1 ⊕ IV ⊕ chain) ⊕ chain)
 *   decrypt: P1 = D(C1) ⊕ IV = (D(C1) ⊕ chain) ⊕ chain ⊕ IV
 * and every later block chains on this message's own blocks. Inputs are whole 16-byte blocks and
 * padding is off, so OpenSSL returns every block at once and holds nothing back. crypto.test.ts
 * checks it against a fresh createCipheriv / createDecipheriv for interleaved messages and failures.
 * (WeChat's first plaintext block is random bytes that nobody reads, so only that test would notice
 * a wrong first block on the decrypting side.)
 */
export class FixedIvCbc {
  readonly #secret: KeyObject;
  readonly #iv: Buffer;
  readonly #direction: 'encrypt' | 'decrypt';
  #context: Cipheriv | Decipheriv;
  #chain: Buffer;

  constructor(secret: KeyObject, iv: Buffer, direction: 'encrypt' | 'decrypt') {
    this.#secret = secret;
    this.#iv = Buffer.from(iv);
    this.#direction = direction;
    this.#context = this.#fresh();
    this.#chain = this.#iv;
  }

  #fresh(): Cipheriv | Decipheriv {
    const context =
      this.#direction === 'encrypt'
        ? createCipheriv('aes-256-cbc', this.#secret, this.#iv)
        : createDecipheriv('aes-256-cbc', this.#secret, this.#iv);
    context.setAutoPadding(false);
    return context;
  }

  /** Encrypts or decrypts whole blocks; `input` is left unchanged. */
  run(input: Buffer): Buffer {
    if (input.length === 0 || input.length % AES_BLOCK !== 0) {
      throw new RangeError('AES-CBC input must be whole 16-byte blocks');
    }
    const iv = this.#iv;
    const chain = this.#chain;
    let output: Buffer;
    try {
      if (this.#direction === 'encrypt') {
        const fixed = Buffer.from(input);
        for (let index = 0; index < AES_BLOCK; index++) fixed[index]! ^= iv[index]! ^ chain[index]!;
        output = this.#context.update(fixed);
      } else {
        output = this.#context.update(input);
        for (let index = 0; index < AES_BLOCK; index++) output[index]! ^= iv[index]! ^ chain[index]!;
      }
      if (output.length !== input.length) throw new Error('AES-CBC context held data back');
    } catch (error) {
      // Never leave a context whose chaining value we no longer know.
      this.#context = this.#fresh();
      this.#chain = iv;
      throw error;
    }
    const ciphertext = this.#direction === 'encrypt' ? output : input;
    this.#chain = Buffer.from(ciphertext.subarray(ciphertext.length - AES_BLOCK));
    return output;
  }
}

const AES_BLOCK = 16;

/** One account key: its encrypting and decrypting contexts (both use IV = key[0..16]). */
interface AesKey {
  encryptor: FixedIvCbc;
  decryptor: FixedIvCbc;
}

function toAesKey(bytes: Buffer): AesKey {
  const secret = createSecretKey(bytes);
  const iv = Buffer.from(bytes.subarray(0, AES_BLOCK));
  return {
    encryptor: new FixedIvCbc(secret, iv, 'encrypt'),
    decryptor: new FixedIvCbc(secret, iv, 'decrypt'),
  };
}

function encryptWithKey(key: AesKey, appId: Buffer, plaintext: string, random: Buffer): string {
  if (random.length !== RANDOM_BYTES) throw new RangeError('random must be exactly 16 bytes');
  const message = Buffer.from(plaintext, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(message.length, 0);
  const bodyLength = RANDOM_BYTES + LENGTH_BYTES + message.length + appId.length;
  const pad = BLOCK - (bodyLength % BLOCK);
  const padded = Buffer.concat([random, length, message, appId, Buffer.alloc(pad, pad)]);
  return key.encryptor.run(padded).toString('base64');
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
    plain = key.decryptor.run(ciphertext);
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
  // Node's decoder skips characters outside the alphabet and accepts base64url; encoding the bytes
  // again gives back the text only when it was canonical base64 (cheaper than a regular expression).
  // The length is bounded above, so decoding first allocates at most MAX_CIPHERTEXT_BYTES.
  const bytes = encrypted.length % 4 === 0 ? Buffer.from(encrypted, 'base64') : undefined;
  if (bytes === undefined || bytes.toString('base64') !== encrypted) {
    throw new WeChatProtocolError('CRYPTO_BAD_BASE64', 'Encrypt is not canonical base64');
  }
  if (bytes.length === 0 || bytes.length % 16 !== 0) {
    throw new WeChatProtocolError('CRYPTO_BAD_LENGTH', `ciphertext length ${bytes.length} is not n × 16`);
  }
  return bytes;
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
