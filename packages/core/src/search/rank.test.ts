import { describe, expect, it } from 'vitest';
import { planSearch } from './plan.ts';
import type { SearchPlan } from './plan.ts';
import type { SearchCandidate } from './rank.ts';
import { compareRanked, rankCandidates, scoreCandidate } from './rank.ts';
import { buildSearchVocabulary } from './vocabulary.ts';

const DRESSES = 7;
const synonyms = buildSearchVocabulary({
  synonyms: [
    ['连衣裙', '裙子', 'dress'],
    ['口红', 'lipstick'],
  ],
  categories: [{ id: DRESSES, name: '连衣裙' }],
});

function plan(raw: string): SearchPlan {
  const result = planSearch(raw, synonyms);
  if (result === null) throw new Error(`no plan for ${raw}`);
  return result;
}

function product(id: number, fields: Partial<SearchCandidate> = {}): SearchCandidate {
  return {
    id,
    title: '',
    tags: [],
    categoryId: null,
    inStock: true,
    salesCount: 0,
    ...fields,
  };
}

const ids = (raw: string, candidates: SearchCandidate[]): number[] =>
  rankCandidates(candidates, plan(raw)).map((row) => row.id);

describe('scoreCandidate', () => {
  it('returns null unless every term matches somewhere', () => {
    const dress = product(1, { title: '碎花连衣裙' });
    expect(scoreCandidate(dress, plan('连衣裙'))).not.toBeNull();
    expect(scoreCandidate(dress, plan('红色 连衣裙'))).toBeNull();
    expect(scoreCandidate(dress, plan('衬衫'))).toBeNull();
  });

  it('matches through synonyms, traditional characters and case', () => {
    const dress = product(1, { title: '夏季碎花連衣裙', tags: ['Summer'] });
    expect(scoreCandidate(dress, plan('dress'))).not.toBeNull();
    expect(scoreCandidate(dress, plan('裙子'))).not.toBeNull();
    expect(scoreCandidate(dress, plan('ＳＵＭＭＥＲ 连衣裙'))).not.toBeNull();
    expect(scoreCandidate(product(2, { tags: ['Floral', 'Dress'] }), plan('floral dress'))).not.toBeNull();
  });

  it('matches a product in the category the term names, whatever its text', () => {
    const longDress = product(1, { title: '碎花吊带长裙', categoryId: DRESSES });
    expect(scoreCandidate(longDress, plan('连衣裙'))).not.toBeNull();
    expect(scoreCandidate(longDress, plan('dress'))).not.toBeNull();
    expect(scoreCandidate(product(2, { title: '碎花吊带长裙', categoryId: 8 }), plan('连衣裙'))).toBeNull();
  });

  it('matches a Latin word only as a whole word', () => {
    expect(scoreCandidate(product(1, { tags: ['t-shirt'] }), plan('shirt'))).toBeNull();
    expect(scoreCandidate(product(1, { tags: ['sweatshirt'] }), plan('shirt'))).toBeNull();
    expect(scoreCandidate(product(1, { tags: ['shirt'] }), plan('shirt'))).not.toBeNull();
    expect(scoreCandidate(product(1, { title: '纯棉T恤' }), plan('t恤'))).not.toBeNull();
  });

  it('matches two-character and partial CJK queries as substrings', () => {
    expect(scoreCandidate(product(1, { title: '百褶裙子' }), plan('裙子'))).not.toBeNull();
    expect(scoreCandidate(product(1, { title: '新款碎花连衣裙' }), plan('碎花连衣裙'))).not.toBeNull();
  });

  it('scores the typed term above a synonym in the same field', () => {
    const typed = scoreCandidate(product(1, { title: '连衣裙' }), plan('连衣裙')) ?? 0;
    const synonym = scoreCandidate(product(2, { title: 'dress' }), plan('连衣裙')) ?? 0;
    expect(typed).toBeGreaterThan(synonym);
  });

  it('scores an exact tag above a tag that merely contains the term', () => {
    const exact = scoreCandidate(product(1, { tags: ['口红'] }), plan('口红')) ?? 0;
    const partial = scoreCandidate(product(2, { tags: ['口红套装'] }), plan('口红')) ?? 0;
    expect(exact).toBeGreaterThan(partial);
  });

  it('returns null for a plan without terms', () => {
    expect(scoreCandidate(product(1, { title: 'x' }), { normalized: '', terms: [] })).toBeNull();
  });
});

describe('rankCandidates', () => {
  it('ranks the named category over a title match over an exact tag over a tag containing the term', () => {
    const candidates = [
      product(1, { tags: ['连衣裙套装'] }),
      product(2, { tags: ['连衣裙'] }),
      product(3, { title: '连衣裙' }),
      product(4, { title: '长裙', categoryId: DRESSES }),
      product(5, { title: '衬衫' }),
    ];
    expect(ids('连衣裙', candidates)).toEqual([4, 3, 2, 1]);
  });

  it('ranks a title with the whole phrase over scattered terms', () => {
    const candidates = [
      product(1, { title: '连衣裙', tags: ['红色'] }),
      product(2, { title: '红色 碎花 连衣裙' }),
      product(3, { title: '红色连衣裙' }),
    ];
    expect(ids('红色 连衣裙', candidates)).toEqual([3, 2, 1]);
  });

  it('puts sold-out products last, whatever their score', () => {
    const candidates = [
      product(1, { title: '连衣裙', inStock: false, salesCount: 999 }),
      product(2, { tags: ['连衣裙套装'] }),
    ];
    expect(ids('连衣裙', candidates)).toEqual([2, 1]);
  });

  it('breaks ties by sales, then by id descending', () => {
    const candidates = [
      product(1, { title: '连衣裙', salesCount: 5 }),
      product(2, { title: '连衣裙', salesCount: 9 }),
      product(3, { title: '连衣裙', salesCount: 5 }),
    ];
    expect(ids('连衣裙', candidates)).toEqual([2, 3, 1]);
    expect(ids('连衣裙', [...candidates].reverse())).toEqual([2, 3, 1]);
  });

  it('drops non-matches and repeated ids; the length is the total number of matches', () => {
    const candidates = [product(1, { title: '连衣裙' }), product(1, { title: '连衣裙' }), product(2)];
    expect(rankCandidates(candidates, plan('dress'))).toEqual([{ id: 1, score: 100 }]);
  });

  it('treats LIKE and FTS characters in product text as text', () => {
    const candidates = [product(1, { title: '100% 纯棉 T-Shirt' }), product(2, { title: '纯棉' })];
    expect(ids('100%', candidates)).toEqual([1]);
    expect(ids('t-shirt', candidates)).toEqual([1]);
  });
});

describe('compareRanked', () => {
  it('orders in stock first, then score, sales and id, all descending', () => {
    const row = { id: 1, score: 10, inStock: true, salesCount: 0 };
    expect(compareRanked(row, { ...row, inStock: false, score: 999 })).toBeLessThan(0);
    expect(compareRanked(row, { ...row, score: 20 })).toBeGreaterThan(0);
    expect(compareRanked(row, { ...row, salesCount: 1 })).toBeGreaterThan(0);
    expect(compareRanked(row, { ...row, id: 2 })).toBeGreaterThan(0);
    expect(compareRanked(row, { ...row })).toBe(0);
  });

  it('treats a non-finite sales count as zero', () => {
    const row = { id: 1, score: 10, inStock: true, salesCount: Number.NaN };
    expect(compareRanked(row, { ...row, id: 2, salesCount: 0 })).toBeGreaterThan(0);
  });
});
