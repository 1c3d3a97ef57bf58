import { compareRanked, planSearch, buildSearchVocabulary, scoreNormalized } from '@weshop/core';
import type { RankedCandidate, SearchPlan } from '@weshop/core';
import { describe, expect, it } from 'vitest';
import { MemoryIndex } from './memory-index.ts';
import type { MemoryProduct, MemorySearchQuery } from './memory-index.ts';
import { seededRandom } from '@weshop/core/testing';

// Few words and characters, so that random products and queries overlap a lot.
const WORDS = [
  '红色',
  '连衣裙',
  '裙',
  '碎花',
  '裙子',
  'dress',
  'red',
  'dresses',
  't',
  'shirt',
  '大衣',
  '羊毛',
  'a',
  'ab',
];
// Categories 1 and 2 of the random products have names that random queries use.
const SYNONYMS = buildSearchVocabulary({
  synonyms: [
    ['连衣裙', '裙子', 'dress'],
    ['t shirt', 'tee'],
  ],
  categories: [
    { id: 1, name: '连衣裙' },
    { id: 2, name: '大衣' },
  ],
});

function randomText(random: () => number, words: number, joiner = () => (random() < 0.5 ? ' ' : '')): string {
  let text = '';
  for (let i = 0; i < words; i += 1) {
    text += (i > 0 ? joiner() : '') + WORDS[Math.floor(random() * WORDS.length)];
  }
  return text;
}

function randomProduct(random: () => number, id: number): MemoryProduct {
  const tags = Array.from({ length: Math.floor(random() * 3) }, () =>
    randomText(random, 1 + Math.floor(random() * 2), () => ' '),
  );
  return {
    id,
    title: randomText(random, 1 + Math.floor(random() * 4)),
    subtitle: random() < 0.5 ? '' : randomText(random, 2),
    tags: tags.join('\n'),
    description: random() < 0.3 ? '' : randomText(random, 3),
    onShelf: random() < 0.9,
    inStock: random() < 0.7,
    salesCount: Math.floor(random() * 4),
    categoryId: random() < 0.2 ? null : 1 + Math.floor(random() * 2),
  };
}

/** What the rules of core say: scoreNormalized on every visible product, sorted by compareRanked. */
function expected(
  products: readonly MemoryProduct[],
  query: MemorySearchQuery,
): { ids: number[]; total: number } {
  const ranked: RankedCandidate[] = [];
  for (const product of products) {
    if (!query.includeOffShelf && !product.onShelf) continue;
    if (query.categoryId !== undefined && product.categoryId !== query.categoryId) continue;
    const fields = { title: product.title, tags: product.tags.split('\n'), categoryId: product.categoryId };
    const score = scoreNormalized(fields, query.plan);
    if (score !== null)
      ranked.push({ id: product.id, score, inStock: product.inStock, salesCount: product.salesCount });
  }
  ranked.sort(compareRanked);
  return { ids: ranked.map((item) => item.id), total: ranked.length };
}

/** Every page of a query through `next`, as searchProducts pages. */
function allPages(
  index: MemoryIndex,
  query: Omit<MemorySearchQuery, 'after'>,
): { ids: number[]; total: number } {
  const ids: number[] = [];
  let after: MemorySearchQuery['after'];
  let total = 0;
  for (let page = 0; page < 1000; page += 1) {
    const result = index.search({ ...query, after });
    ids.push(...result.ids);
    total = result.total;
    if (!result.next) break;
    after = result.next;
  }
  return { ids, total };
}

const plan = (raw: string): SearchPlan => planSearch(raw, SYNONYMS)!;
const QUERIES = [
  '裙子',
  'dress',
  '红色 连衣裙',
  '裙',
  'd',
  'red dress',
  '碎花连衣裙',
  't shirt',
  'tee',
  'shirt t',
  'ab',
  'b',
  '羊毛 大衣 红',
];

describe('MemoryIndex', () => {
  it('finds, counts and orders exactly as scoreNormalized and compareRanked on random catalogues', () => {
    const random = seededRandom(20261122);
    const products = Array.from({ length: 400 }, (_, i) => randomProduct(random, i + 1));
    const index = MemoryIndex.build(products);
    for (const raw of QUERIES) {
      for (const options of [{}, { includeOffShelf: true }, { categoryId: 2 }]) {
        const query = { plan: plan(raw), limit: 7, ...options };
        expect(allPages(index, query), `${raw} ${JSON.stringify(options)}`).toEqual(
          expected(products, query),
        );
      }
    }
  });

  it('stays exact through replaced, changed and removed products', () => {
    const random = seededRandom(7);
    const products = new Map<number, MemoryProduct>();
    for (let id = 1; id <= 200; id += 1) products.set(id, randomProduct(random, id));
    const index = MemoryIndex.build(products.values());
    for (let step = 0; step < 300; step += 1) {
      const id = 1 + Math.floor(random() * 260);
      const roll = random();
      if (roll < 0.2) {
        products.delete(id);
        index.upsert(id, null);
      } else if (roll < 0.5 && products.has(id)) {
        // Stock, shelf or sales only: the product keeps its slot.
        const changed = {
          ...products.get(id)!,
          inStock: random() < 0.5,
          onShelf: random() < 0.8,
          salesCount: step,
        };
        products.set(id, changed);
        index.upsert(id, changed);
      } else {
        const product = randomProduct(random, id);
        products.set(id, product);
        index.upsert(id, product);
      }
    }
    expect(index.deadSlots).toBeGreaterThan(0);
    for (const raw of QUERIES) {
      const query = { plan: plan(raw), limit: 9 };
      expect(allPages(index, query), raw).toEqual(expected([...products.values()], query));
    }
  });

  it('scores an exact tag above a tag that only contains the term, and as typed above a synonym', () => {
    const base = {
      subtitle: '',
      description: '',
      onShelf: true,
      inStock: true,
      salesCount: 0,
      categoryId: null,
    };
    const index = MemoryIndex.build([
      { ...base, id: 1, title: 'x', tags: 'dresses' },
      { ...base, id: 2, title: 'x', tags: 'dress' },
      { ...base, id: 3, title: '连衣裙', tags: '' },
      { ...base, id: 4, title: 'dress', tags: '' },
    ]);
    // "dresses" is another word: a Latin term matches whole words only.
    expect(index.search({ plan: plan('dress'), limit: 10 })).toEqual({
      ids: [4, 3, 2],
      next: null,
      total: 3,
    });
  });

  it('scores each term of several by its best field when it matches in several fields', () => {
    const base = { subtitle: '', tags: '', description: '', onShelf: true, inStock: true, salesCount: 0 };
    const products: MemoryProduct[] = [
      // red: title as typed 110, dress: title as typed 110, "reddress" in the title +50.
      { ...base, id: 1, title: 'red dress', tags: 'dress', description: 'red', categoryId: 3 },
      // red and dress: exact tags 90 each.
      { ...base, id: 2, title: 'x', tags: 'red\ndress', description: 'red 连衣裙', categoryId: 3 },
      // red: inside a tag 70; dress: its synonym names the category (1: 连衣裙), 120.
      { ...base, id: 3, title: 'x', tags: 'red wine', subtitle: 'dress', categoryId: 1 },
      // red: only in the subtitle and description, so no match.
      { ...base, id: 4, title: 'x', subtitle: 'red', description: 'red 连衣裙', categoryId: 1 },
    ];
    const index = MemoryIndex.build(products);
    for (const options of [{}, { categoryId: 3 }]) {
      const keys: unknown[] = [];
      let after: MemorySearchQuery['after'];
      for (let page = 0; page < 3; page += 1) {
        const result = index.search({ plan: plan('red dress'), limit: 1, after, ...options });
        keys.push(result.next);
        if (!result.next) break;
        after = result.next;
      }
      const all = options.categoryId === undefined;
      expect(keys, JSON.stringify(options)).toEqual(
        all ? [[1, 270, 0, 1], [1, 190, 0, 3], null] : [[1, 270, 0, 1], null],
      );
      // A one-term query read level by level right after gives the same order of its own scores.
      expect(index.search({ plan: plan('red'), limit: 10, ...options }).ids).toEqual(
        all ? [1, 2, 3] : [1, 2],
      );
      expect(allPages(index, { plan: plan('red dress'), limit: 1, ...options })).toEqual(
        expected(products, { plan: plan('red dress'), limit: 1, ...options }),
      );
    }
  });

  it('returns the rank key of the last item when more follow, and nothing for an empty plan', () => {
    const base = { subtitle: '', tags: '', description: '', onShelf: true, salesCount: 5, categoryId: null };
    const index = MemoryIndex.build([
      { ...base, id: 1, title: 'red', inStock: false },
      { ...base, id: 2, title: 'red', inStock: true },
    ]);
    expect(index.search({ plan: plan('red'), limit: 1 })).toEqual({
      ids: [2],
      next: [1, 110, 5, 2],
      total: 2,
    });
    expect(index.search({ plan: { normalized: '', terms: [] }, limit: 5 })).toEqual({
      ids: [],
      next: null,
      total: 0,
    });
  });
});
