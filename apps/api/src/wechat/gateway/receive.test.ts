import { describe, expect, it } from 'vitest';
import { queryOf, searchOf } from './receive.ts';

/** What URLSearchParams makes of the same text: the reference. */
function reference(search: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    if (!Object.hasOwn(query, name)) query[name] = [];
    query[name]!.push(value);
  }
  return query;
}

describe('queryOf', () => {
  it('gives the pairs URLSearchParams gives, for any text', () => {
    const pieces = ['a', 'b', '=', '&', '&&', '==', 'x=1', '%20', '%zz', '+', '中', 'sig', '', '?'];
    let seed = 3;
    const pick = () => pieces[(seed = (seed * 48_271) % 2_147_483_647) % pieces.length]!;
    for (let round = 0; round < 2_000; round++) {
      const search = Array.from({ length: round % 9 }, pick).join('');
      expect({ ...queryOf(search) }).toEqual(reference(search));
    }
  });

  it("keeps WeChat's parameters and their repeats", () => {
    const query = queryOf('signature=ab12&timestamp=1714112445&nonce=4&nonce=5&encrypt_type=aes&x');
    expect({ ...query }).toEqual({
      signature: ['ab12'],
      timestamp: ['1714112445'],
      nonce: ['4', '5'],
      encrypt_type: ['aes'],
      x: [''],
    });
  });

  it('treats __proto__ and constructor as plain names', () => {
    for (const search of ['__proto__=1&constructor=2', '__proto__=%31&constructor=+2']) {
      const query = queryOf(search);
      expect([query.__proto__, query.constructor]).toEqual([['1'], [search.includes('+') ? ' 2' : '2']]);
      expect(Object.getPrototypeOf(query)).toBeNull();
    }
  });
});

describe('searchOf', () => {
  it('is the text after the first question mark, or nothing', () => {
    expect([searchOf('/wechat?a=1?b'), searchOf('/wechat'), searchOf('/wechat?')]).toEqual(['a=1?b', '', '']);
  });
});
