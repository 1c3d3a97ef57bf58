/**
 * The shared search table: queries against the demo catalogue, with what each must find, on every
 * dialect. The last test checks that SQLite and PostgreSQL return the very same ordered ids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSearch } from '@weshop/core';
import type { ProductSummary, SearchVocabulary } from '@weshop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCategories } from '../repositories/catalog.ts';
import { loadSearchVocabulary, searchProducts } from './search.ts';
import { seedDemo } from '../seed/index.ts';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';

const uploadDir = mkdtempSync(join(tmpdir(), 'weshop-search-'));
afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

const SLOW = 60_000;
const NOW = '2026-11-22T08:00:00.000Z';

interface Outcome {
  items: ProductSummary[];
  total: number;
}

type Check = (outcome: Outcome, context: { dressCategoryId: number }) => void;

const isDress = (item: ProductSummary, dressCategoryId: number): boolean =>
  item.categoryId === dressCategoryId || item.tags.includes('dress') || item.title.includes('裙');

/**
 * Within each stock group (in stock, then sold out), the products that `wanted` describes come first:
 * a weaker match (a synonym in a tag, say) must rank after them. A product that only mentions the
 * words in its subtitle or description (shoes "搭裙子绝配") is no match at all (judged/ checks that).
 */
function expectFirst(items: ProductSummary[], wanted: (item: ProductSummary) => boolean): void {
  for (const inStock of [true, false]) {
    const flags = items.filter((item) => item.inStock === inStock).map(wanted);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
  }
}

const findsDresses: Check = ({ items, total }, { dressCategoryId }) => {
  expect(total).toBeGreaterThanOrEqual(8);
  expect(items.filter((item) => isDress(item, dressCategoryId)).length).toBeGreaterThanOrEqual(8);
  expect(isDress(items[0]!, dressCategoryId)).toBe(true);
  expectFirst(items, (item) => isDress(item, dressCategoryId));
};

const nothing: Check = ({ items, total }) => {
  expect(total).toBe(0);
  expect(items).toEqual([]);
};

const findsLipstick: Check = ({ items, total }) => {
  expect(total).toBeGreaterThanOrEqual(1);
  const first = items[0]!;
  expect(first.title.includes('口红') || first.tags.includes('lipstick')).toBe(true);
};

/** Query → what its results must satisfy (besides the rules every result obeys, checked below). */
const TABLE: [string, Check][] = [
  ['连衣裙', findsDresses],
  ['dress', findsDresses],
  ['Dress', findsDresses],
  ['裙子', findsDresses],
  ['  连衣裙！ ', findsDresses],
  ['連衣裙', findsDresses],
  [
    '碎花连衣裙',
    ({ items, total }) => {
      expect(total).toBeGreaterThanOrEqual(1);
      const floral = items.map((item) => item.title.includes('碎花'));
      // Titles with 碎花 come first: no floral title after a non-floral one.
      expect(floral[0]).toBe(true);
      expect(
        floral.slice(floral.indexOf(false) === -1 ? floral.length : floral.indexOf(false)),
      ).not.toContain(true);
    },
  ],
  [
    '红色 连衣裙',
    ({ items }) => {
      const first = items[0]!;
      expect(first.title).toContain('红色');
      expect(first.title).toContain('连衣裙');
    },
  ],
  ['口红', findsLipstick],
  ['lipstick', findsLipstick],
  [
    'floral dress',
    ({ items, total }, { dressCategoryId }) => {
      expect(total).toBeGreaterThanOrEqual(3);
      const floralDress = (item: ProductSummary) =>
        isDress(item, dressCategoryId) && (item.tags.includes('floral') || /碎花|印花/.test(item.title));
      expect(floralDress(items[0]!)).toBe(true);
      expectFirst(items, floralDress);
    },
  ],
  ['qqzzxxvv', nothing],
  ['盘扣', nothing], // the only product with it is off shelf
  ['%', nothing],
  ['_', nothing],
  ['"', nothing],
  ['*', nothing],
  ['NEAR(', () => {}],
  ["' OR 1=1 --", () => {}],
  ['"连衣裙" OR "口红"', () => {}],
  ['裙 AND', () => {}],
];

/** Ordered ids per dialect per query, compared across dialects at the end. */
const seen = new Map<string, Map<string, number[]>>();
const timings = new Map<string, number[]>();

describe.each(testDialects())('search table on %s', (dialect) => {
  let database: TestDatabase;
  let synonyms: SearchVocabulary;
  let dressCategoryId: number;
  const results = new Map<string, number[]>();
  seen.set(dialect, results);

  /** Every page of a query, 7 at a time, so pagination is exercised on every row of the table. */
  async function search(raw: string): Promise<Outcome> {
    const plan = planSearch(raw, synonyms);
    if (!plan) return { items: [], total: 0 };
    const items: ProductSummary[] = [];
    let cursor: string | undefined;
    let total: number;
    do {
      const started = performance.now();
      const page = await searchProducts(database.db, { plan, cursor, limit: 7 });
      timings.set(dialect, [...(timings.get(dialect) ?? []), performance.now() - started]);
      items.push(...page.items);
      total = page.total;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { items, total };
  }

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedDemo(database.db, { uploadDir, now: NOW });
    synonyms = await loadSearchVocabulary(database.db);
    const dresses = (await listCategories(database.db)).find((category) => category.name === '连衣裙');
    dressCategoryId = dresses!.id;
  }, SLOW);
  afterAll(async () => {
    await database?.close();
  });

  it.each(TABLE)('%j', async (raw, check) => {
    const outcome = await search(raw);
    results.set(
      raw,
      outcome.items.map((item) => item.id),
    );
    check(outcome, { dressCategoryId });
    // Rules every result obeys: all pages add up to the total, no repeats, nothing off shelf,
    // and sold-out products after in-stock ones.
    expect(outcome.items).toHaveLength(outcome.total);
    expect(new Set(outcome.items.map((item) => item.id)).size).toBe(outcome.total);
    for (const item of outcome.items) expect(item.onShelf).toBe(true);
    const stock = outcome.items.map((item) => item.inStock);
    expect(stock).toEqual([...stock].sort((a, b) => Number(b) - Number(a)));
  });

  it('ranks the sold-out dress after every in-stock dress', async () => {
    const { items } = await search('连衣裙');
    const soldOut = items.findIndex((item) => item.title.startsWith('碎花吊带长裙'));
    expect(soldOut).toBeGreaterThan(0);
    expect(items[soldOut]!.inStock).toBe(false);
    expect(items.slice(0, soldOut).every((item) => item.inStock)).toBe(true);
  });

  it('shows off-shelf products to staff only', async () => {
    const plan = planSearch('盘扣', synonyms)!;
    const staff = await searchProducts(database.db, { plan, limit: 5, includeOffShelf: true });
    expect(staff.total).toBe(1);
    expect(staff.items[0]!.onShelf).toBe(false);
  });

  it('is fast on the demo catalogue', () => {
    const times = [...(timings.get(dialect) ?? [])].sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    console.log(
      `${dialect}: ${times.length} searches, median ${median.toFixed(2)} ms, max ${times.at(-1)?.toFixed(2)} ms`,
    );
    expect(median).toBeLessThan(50);
  });
});

describe('every dialect', () => {
  it('returns the same ordered ids for every query', () => {
    const [first, ...others] = [...seen.values()];
    for (const other of others) expect(Object.fromEntries(other)).toEqual(Object.fromEntries(first!));
  });
});
