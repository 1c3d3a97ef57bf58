import { buildSearchVocabulary, DomainError, planSearch, ProductInputSchema } from '@weshop/core';
import type { SearchPlan } from '@weshop/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import type { Executor } from '../transaction.ts';
import { createProduct } from '../repositories/catalog.ts';
import {
  ensureSearchIndex,
  indexProduct,
  loadSearchVocabulary,
  rebuildSearchIndex,
  searchProducts,
} from './search.ts';

const SYNONYMS = buildSearchVocabulary({ synonyms: [['连衣裙', '裙子', 'dress']] });

function plan(raw: string): SearchPlan {
  const result = planSearch(raw, SYNONYMS);
  if (!result) throw new Error(`no plan for ${raw}`);
  return result;
}

async function product(
  db: Executor,
  fields: { title: string; tags?: string[]; description?: string; stock?: number; onShelf?: boolean },
) {
  const input = ProductInputSchema.parse({
    title: fields.title,
    description: fields.description ?? '',
    tags: fields.tags ?? [],
    onShelf: fields.onShelf ?? true,
    skus: [{ spec: {}, priceFen: 1000, stock: fields.stock ?? 5 }],
  });
  return (await createProduct(db, input)).id;
}

async function ids(db: Executor, raw: string, limit = 20) {
  const result = await searchProducts(db, { plan: plan(raw), limit });
  return result.items.map((item) => item.id);
}

async function indexRows(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from product_search`.execute(db);
  return Number(result.rows[0]?.n);
}

describe.each(testDialects())('search repository on %s', (dialect) => {
  let t: TestDatabase;
  let red: number;
  let blue: number;
  let soldOut: number;
  let hidden: number;
  let coat: number;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    red = await product(t.db, { title: '红色连衣裙', tags: ['dress', 'red'] });
    blue = await product(t.db, { title: 'Blue Dress 蓝色', description: '100% cotton_blend' });
    soldOut = await product(t.db, { title: '红色连衣裙 售罄款', stock: 0 });
    hidden = await product(t.db, { title: '下架连衣裙', onShelf: false });
    coat = await product(t.db, { title: '羊毛大衣', tags: ['coat'], description: '含"引号"的描述' });
  });
  afterAll(() => t?.close());

  it('indexes products on create and finds them through synonyms', async () => {
    expect(await indexRows(t.db)).toBe(5);
    // "dress" as typed in a title beats its synonym 连衣裙; for 裙子 both are synonyms: newer first.
    expect(await ids(t.db, 'dress')).toEqual([blue, red, soldOut]);
    expect(await ids(t.db, '裙子')).toEqual([blue, red, soldOut]);
  });

  it('never returns off-shelf products unless asked, and ranks sold-out last', async () => {
    expect(await ids(t.db, '下架')).toEqual([]);
    const staff = await searchProducts(t.db, { plan: plan('下架'), limit: 5, includeOffShelf: true });
    expect(staff.items.map((item) => item.id)).toEqual([hidden]);
    expect((await ids(t.db, '红色连衣裙')).at(-1)).toBe(soldOut);
  });

  it('matches short terms with LIKE and escapes wildcards', async () => {
    expect(await ids(t.db, '红')).toEqual([red, soldOut]);
    expect(await ids(t.db, '蓝')).toEqual([blue]);
    // 100 is only in a description, which never decides a match.
    expect(await ids(t.db, '100')).toEqual([]);
    // Normalising drops % and _, but a literal LIKE pattern must still never act as a wildcard.
    const wildcard: SearchPlan = { normalized: '%', terms: [{ text: '%', alternatives: ['%', '_', '\\'] }] };
    expect((await searchProducts(t.db, { plan: wildcard, limit: 5 })).total).toBe(0);
  });

  it('quotes FTS syntax and quotes inside terms', async () => {
    const hostile: SearchPlan = {
      normalized: 'x',
      terms: [{ text: '羊毛大衣', alternatives: ['羊毛大衣', 'near(', 'a" or "b', '*', '"', '" or'] }],
    };
    const result = await searchProducts(t.db, { plan: hostile, limit: 5 });
    expect(result.items.map((item) => item.id)).toEqual([coat]);
  });

  it('paginates in rank order with a cursor', async () => {
    const first = await searchProducts(t.db, { plan: plan('连衣裙'), limit: 2 });
    expect(first.total).toBe(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await searchProducts(t.db, { plan: plan('连衣裙'), limit: 2, cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(await ids(t.db, '连衣裙'));
    await expect(searchProducts(t.db, { plan: plan('连衣裙'), limit: 2, cursor: 'bm9wZQ' })).rejects.toThrow(
      DomainError,
    );
  });

  it('filters by category', async () => {
    const result = await searchProducts(t.db, { plan: plan('dress'), limit: 5, categoryId: 999 });
    expect(result).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('re-indexes a changed product and drops a deleted one', async () => {
    await t.db.updateTable('products').set({ title: '羊绒大衣 Cashmere' }).where('id', '=', coat).execute();
    await indexProduct(t.db, coat);
    expect(await ids(t.db, 'cashmere')).toEqual([coat]);
    await t.db
      .updateTable('products')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', coat)
      .execute();
    await indexProduct(t.db, coat);
    expect(await ids(t.db, 'cashmere')).toEqual([]);
    expect(await indexRows(t.db)).toBe(4);
  });

  it('rebuilds the index only when a live product is missing from it', async () => {
    expect(await ensureSearchIndex(t.db)).toBe(0);
    await sql`delete from product_search`.execute(t.db);
    expect(await ids(t.db, 'dress')).toEqual([]);
    expect(await ensureSearchIndex(t.db)).toBe(4);
    expect(await ids(t.db, 'dress')).toEqual([blue, red, soldOut]);
    expect(await rebuildSearchIndex(t.db)).toBe(4);
  });

  it('loads synonym groups from search_synonyms and the category names', async () => {
    await t.db
      .insertInto('search_synonyms')
      .values({ terms: JSON.stringify(['口红', 'Lipstick']), created_at: new Date().toISOString() })
      .execute();
    await t.db
      .insertInto('categories')
      .values({ name: '美妆', created_at: new Date().toISOString(), updated_at: new Date().toISOString() })
      .execute();
    const vocabulary = await loadSearchVocabulary(t.db);
    expect(vocabulary.synonyms.equivalents.get('lipstick')).toEqual(['口红', 'lipstick']);
    expect(vocabulary.categories.get('美妆')).toHaveLength(1);
  });

  it('loads broader terms one way', async () => {
    await t.db
      .insertInto('search_synonyms')
      .values({
        kind: 'broader',
        terms: JSON.stringify(['彩妆', '口红', '唇釉']),
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    const vocabulary = await loadSearchVocabulary(t.db);
    expect(vocabulary.synonyms.narrower.get('彩妆')).toEqual(['口红', '唇釉']);
    expect(vocabulary.synonyms.equivalents.get('彩妆')).toBeUndefined();
  });
});
