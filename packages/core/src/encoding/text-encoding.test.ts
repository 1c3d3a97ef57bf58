// This test needs Node: it checks the portable code against Node's Buffer, which made every cursor
// handed out before core became browser-safe (those cursors must stay valid).
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random.ts';
import { decodeBase64Url, encodeBase64Url, utf8ByteLength } from './text-encoding.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomText(random: () => number, length: number): string {
  const pieces = ['a', '7', '"', '[', ',', '-', 'é', '裙', '连衣裙', '😀', '\u0000', '\uffff'];
  let text = '';
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

function randomBase64Url(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

describe('encodeBase64Url', () => {
  it('gives the same string as Buffer for text of every length and script', () => {
    const random = seededRandom(14);
    for (let i = 0; i < 400; i++) {
      const text = randomText(random, i % 40);
      expect(encodeBase64Url(text)).toBe(Buffer.from(text, 'utf8').toString('base64url'));
    }
  });

  it('gives the same string as Buffer for a cursor key', () => {
    const json = JSON.stringify([1, 1, 0.8125, 42, 1234]);
    expect(encodeBase64Url(json)).toBe(Buffer.from(json, 'utf8').toString('base64url'));
  });
});

describe('decodeBase64Url', () => {
  it('round-trips what encodeBase64Url makes', () => {
    const random = seededRandom(41);
    for (let i = 0; i < 200; i++) {
      const text = randomText(random, i % 30);
      expect(decodeBase64Url(encodeBase64Url(text))).toBe(text);
    }
  });

  it('reads any base64url string as Buffer read it, including a lone last character', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const encoded = randomBase64Url(random, 1 + (i % 23));
      expect(decodeBase64Url(encoded)).toBe(Buffer.from(encoded, 'base64url').toString('utf8'));
    }
  });

  it('accepts padding, as Buffer did', () => {
    expect(decodeBase64Url('eyJhIg==')).toBe('{"a"');
  });
});

describe('utf8ByteLength', () => {
  it('counts bytes as Buffer does', () => {
    for (const text of ['', 'order-42', 'é', '连衣裙', '😀']) {
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});
