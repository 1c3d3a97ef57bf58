import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, tokenizeQuery } from './tokenize.ts';

const texts = (normalized: string): string[] => tokenizeQuery(normalized).map((term) => term.text);

describe('tokenizeQuery', () => {
  it('keeps a CJK run whole', () => {
    expect(tokenizeQuery('碎花连衣裙')).toEqual([{ text: '碎花连衣裙', script: 'cjk' }]);
    expect(tokenizeQuery('裙子')).toEqual([{ text: '裙子', script: 'cjk' }]);
  });

  it('splits on spaces', () => {
    expect(texts('红色 连衣裙')).toEqual(['红色', '连衣裙']);
    expect(texts('floral dress')).toEqual(['floral', 'dress']);
  });

  it('splits between CJK and Latin or digit runs', () => {
    expect(tokenizeQuery('红色dress')).toEqual([
      { text: '红色', script: 'cjk' },
      { text: 'dress', script: 'latin' },
    ]);
    expect(tokenizeQuery('3.5寸iphone15')).toEqual([
      { text: '3.5', script: 'digit' },
      { text: '寸', script: 'cjk' },
      { text: 'iphone15', script: 'latin' },
    ]);
  });

  it('treats kana and Hangul as CJK and other alphabets as words', () => {
    expect(tokenizeQuery('ワンピースплатье')).toEqual([
      { text: 'ワンピース', script: 'cjk' },
      { text: 'платье', script: 'latin' },
    ]);
  });

  it('keeps a combining mark with its letter', () => {
    expect(tokenizeQuery('cafe\u0301连衣裙')).toEqual([
      { text: 'cafe\u0301', script: 'latin' },
      { text: '连衣裙', script: 'cjk' },
    ]);
  });

  it('drops duplicate terms', () => {
    expect(texts('dress 连衣裙 dress 连衣裙dress')).toEqual(['dress', '连衣裙']);
  });

  it('keeps at most MAX_QUERY_TERMS terms', () => {
    const many = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');
    expect(texts(many)).toEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7']);
    expect(MAX_QUERY_TERMS).toBe(8);
  });

  it('returns no terms for an empty query', () => {
    expect(tokenizeQuery('')).toEqual([]);
  });
});
