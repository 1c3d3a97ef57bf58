import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { checkTimestamp, sha1Signature, verifySignature } from './signature.ts';

// docs/wechat.md#test-vectors: token, timestamp, nonce → signature, and vector H (4 parts).
const VECTORS: { name: string; parts: string[]; signature: string }[] = [
  {
    name: 'URL verification',
    parts: ['AAAAA', '1714036504', '1514711492'],
    signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
  },
  {
    name: 'plaintext POST',
    parts: ['AAAAA', '1714037059', '486452656'],
    signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78',
  },
  {
    name: 'safe-mode POST URL signature',
    parts: ['AAAAA', '1714112445', '415670741'],
    signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
  },
  {
    name: 'third-party platform push',
    parts: ['AAAAA', '1715943329', '1590219412'],
    signature: 'cc0c594499c1634947d5b502f158ee518947db27',
  },
  {
    name: 'wechatpy unit test',
    parts: ['test', '1410685589', 'test'],
    signature: 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff',
  },
  {
    name: 'wechat-crypto vector H',
    parts: ['RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt'],
    signature: '8edac0945683c119ee71c9f6256d76c48aa08a96',
  },
];

describe('sha1Signature', () => {
  it.each(VECTORS)('matches the official vector: $name', ({ parts, signature }) => {
    expect(sha1Signature(parts)).toBe(signature);
  });

  it('does not depend on the order of the parts', () => {
    expect(sha1Signature(['1714036504', 'AAAAA', '1514711492'])).toBe(VECTORS[0]?.signature);
  });

  it('sorts like Array#sort on any strings, including equal, empty, non-ASCII and astral ones', () => {
    const alphabet = ['a', 'A', 'z', '0', '', '中', '😀', '\uffff', 'ab', 'a'];
    let seed = 1;
    const pick = () => alphabet[(seed = (seed * 48_271) % 2_147_483_647) % alphabet.length]!;
    for (let round = 0; round < 500; round++) {
      const parts = Array.from({ length: 1 + (round % 6) }, () => pick() + pick());
      const expected = createHash('sha1')
        .update([...parts].sort().join(''))
        .digest('hex');
      expect(sha1Signature(parts)).toBe(expected);
      expect(verifySignature(parts, expected)).toBe(true);
    }
  });

  it('does not reorder the caller array', () => {
    const parts = ['b', 'a'];
    sha1Signature(parts);
    expect(parts).toEqual(['b', 'a']);
  });
});

describe('verifySignature', () => {
  const { parts, signature } = VECTORS[0]!;

  it.each(VECTORS)('accepts the official vector: $name', (vector) => {
    expect(verifySignature(vector.parts, vector.signature)).toBe(true);
  });

  it('rejects a signature with one hex digit flipped', () => {
    const flipped = (signature[0] === 'f' ? 'e' : 'f') + signature.slice(1);
    expect(verifySignature(parts, flipped)).toBe(false);
  });

  it.each([
    ['upper-case hex', signature.toUpperCase()],
    ['too short', signature.slice(0, 39)],
    ['too long', `${signature}0`],
    ['non-hex', `${signature.slice(0, 39)}g`],
    ['empty string', ''],
    ['multi-byte characters of the right length', 'é'.repeat(40)],
    ['surrounding whitespace', ` ${signature.slice(1)}`],
  ])('returns false without throwing for %s', (_name, candidate) => {
    expect(verifySignature(parts, candidate)).toBe(false);
  });

  it.each([undefined, null, 42, ['a', 'b'], { signature }, Buffer.from(signature)])(
    'returns false for the non-string %s',
    (candidate) => {
      expect(verifySignature(parts, candidate)).toBe(false);
    },
  );

  it('rejects a valid signature for other parts', () => {
    expect(verifySignature(['AAAAA', '1714036504', '1514711493'], signature)).toBe(false);
  });
});

describe('checkTimestamp', () => {
  const now = 1_714_036_504;

  it('accepts the current time and the edges of the window', () => {
    expect(checkTimestamp(String(now), now)).toBe(true);
    expect(checkTimestamp(String(now - 300), now)).toBe(true);
    expect(checkTimestamp(String(now + 300), now)).toBe(true);
    expect(checkTimestamp(now, now)).toBe(true);
  });

  it('rejects stale and future timestamps beyond the tolerance', () => {
    expect(checkTimestamp(String(now - 600), now)).toBe(false);
    expect(checkTimestamp(String(now + 600), now)).toBe(false);
    expect(checkTimestamp(String(now - 301), now)).toBe(false);
  });

  it('honours a custom tolerance', () => {
    expect(checkTimestamp(String(now - 600), now, 900)).toBe(true);
    expect(checkTimestamp(String(now - 60), now, 30)).toBe(false);
  });

  it.each(['1e20', '1e9', '-1714036504', '+1714036504', '1714036504.0', ' 1714036504', '', 'abc', '0x66'])(
    'rejects the non-digit string %j',
    (value) => {
      expect(checkTimestamp(value, now)).toBe(false);
    },
  );

  it.each([undefined, null, -1, 1.5, Number.NaN, Infinity, 1e20, ['1714036504'], {}])(
    'rejects the non-timestamp value %s',
    (value) => {
      expect(checkTimestamp(value, now)).toBe(false);
    },
  );

  it('rejects absurdly long digit strings', () => {
    expect(checkTimestamp('9'.repeat(400), now)).toBe(false);
  });
});
