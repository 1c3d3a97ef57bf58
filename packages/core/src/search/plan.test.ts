import { describe, expect, it } from 'vitest';
import { planSearch } from './plan.ts';
import { buildSearchVocabulary } from './vocabulary.ts';

const synonyms = buildSearchVocabulary({
  synonyms: [
    ['连衣裙', '裙子', 'dress'],
    ['T恤', 'tee'],
    ['t shirt', '短袖'],
  ],
});
const none = buildSearchVocabulary();

describe('planSearch', () => {
  it('normalises, tokenises and expands every term', () => {
    expect(planSearch('紅色 連衣裙', synonyms)).toEqual({
      normalized: '红色 连衣裙',
      terms: [
        { text: '红色', alternatives: ['红色'] },
        { text: '连衣裙', alternatives: ['连衣裙', '裙子', 'dress'] },
      ],
    });
  });

  it('names the categories a term or its synonyms name, as typed or not', () => {
    const shop = buildSearchVocabulary({
      synonyms: [['连衣裙', 'dress']],
      categories: [
        { id: 3, name: '連衣裙' },
        { id: 4, name: '外套' },
      ],
    });
    expect(planSearch('连衣裙', shop)?.terms[0]?.categories).toEqual([{ id: 3, asTyped: true }]);
    expect(planSearch('dress', shop)?.terms[0]?.categories).toEqual([{ id: 3, asTyped: false }]);
    expect(planSearch('衬衫', shop)?.terms[0]?.categories).toBeUndefined();
  });

  it("segments a CJK run typed without spaces into the shop's words", () => {
    const shop = buildSearchVocabulary({
      synonyms: [
        ['碎花', 'floral'],
        ['连衣裙', 'dress'],
      ],
    });
    expect(planSearch('红色连衣裙', shop)?.terms.map((term) => term.text)).toEqual(['红色', '连衣裙']);
    expect(planSearch('碎花连衣裙', shop)?.terms).toEqual([
      { text: '碎花', alternatives: ['碎花', 'floral'] },
      { text: '连衣裙', alternatives: ['连衣裙', 'dress'] },
    ]);
    expect(planSearch('红色连衣裙', none)?.terms.map((term) => term.text)).toEqual(['红色连衣裙']);
  });

  it('expands a broader term to its narrower ones, and not the other way', () => {
    const shop = buildSearchVocabulary({
      synonyms: [['连衣裙', 'dress'], { kind: 'broader', terms: ['裙子', '连衣裙', '半身裙'] }],
    });
    expect(planSearch('裙子', shop)?.terms[0]?.alternatives).toEqual(['裙子', '连衣裙', '半身裙', 'dress']);
    expect(planSearch('连衣裙', shop)?.terms[0]?.alternatives).toEqual(['连衣裙', 'dress']);
  });

  it('keeps pinyin and typo readings in a fallback, tried only when the query finds nothing', () => {
    const shop = buildSearchVocabulary({
      synonyms: [['连衣裙', 'dress']],
      pinyinOf: (word) => (word === '连衣裙' ? ['lian', 'yi', 'qun'] : null),
    });
    expect(planSearch('lyq', shop)?.terms).toEqual([{ text: 'lyq', alternatives: ['lyq'] }]);
    expect(planSearch('lyq', shop)?.fallback?.terms).toEqual([
      { text: 'lyq', alternatives: ['lyq', '连衣裙', 'dress'] },
    ]);
    expect(planSearch('lian衣裙', shop)?.fallback?.terms.map((term) => term.text)).toEqual(['lian衣裙']);
    expect(planSearch('red dres', shop)?.fallback?.terms).toEqual([
      { text: 'red', alternatives: ['red'] },
      { text: 'dres', alternatives: ['dres', 'dress', '连衣裙'] },
    ]);
    expect(planSearch('dress', shop)?.fallback).toBeUndefined();
    expect(planSearch('连衣裙', shop)?.fallback).toBeUndefined();
  });

  it('splits mixed CJK and Latin', () => {
    expect(planSearch('红色Dress', none)?.terms.map((term) => term.text)).toEqual(['红色', 'dress']);
  });

  it('keeps a chunk whole when it is a synonym term', () => {
    expect(planSearch('T恤', synonyms)?.terms).toEqual([{ text: 't恤', alternatives: ['t恤', 'tee'] }]);
    expect(planSearch('T恤', none)?.terms.map((term) => term.text)).toEqual(['t', '恤']);
  });

  it('keeps a whole multi-word query that is a synonym term as one term', () => {
    expect(planSearch('T  Shirt', synonyms)?.terms).toEqual([
      { text: 't shirt', alternatives: ['t shirt', '短袖'] },
    ]);
  });

  it.each(['', '   ', '！！！', '👗🔥✨', '\u202E\u200B', '% _ \\'])('returns null for %j', (raw) => {
    expect(planSearch(raw, synonyms)).toBeNull();
  });

  it('turns attack-looking queries into literal words', () => {
    expect(planSearch("' OR 1=1 --", none)?.terms.map((term) => term.text)).toEqual(['or', '1']);
    expect(planSearch('dress* NEAR(', none)?.terms.map((term) => term.text)).toEqual(['dress', 'near']);
  });

  it('bounds a huge query to 64 code points and 8 terms', () => {
    const plan = planSearch(
      '词 '.repeat(5_000) + Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '),
      none,
    );
    expect(plan?.normalized.length).toBeLessThanOrEqual(64);
    expect(planSearch(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '), none)?.terms).toHaveLength(8);
  });
});
