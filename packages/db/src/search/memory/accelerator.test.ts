import { buildSearchVocabulary, planSearch, ProductInputSchema } from '@weshop/core';
import type { SearchPlan } from '@weshop/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../database.ts';
import type { Database } from '../../database.ts';
import { createTestDatabase } from '../../testing.ts';
import type { TestDatabase } from '../../testing.ts';
import type { Executor } from '../../transaction.ts';
import { createProduct } from '../../repositories/catalog.ts';
import { indexProduct, rebuildSearchIndex, searchProducts, warmSearchIndex } from '../search.ts';

const SYNONYMS = buildSearchVocabulary({ synonyms: [['连衣裙', '裙子', 'dress']] });
const plan = (raw: string): SearchPlan => planSearch(raw, SYNONYMS)!;

async function product(db: Executor, title: string, stock = 5) {
  const input = ProductInputSchema.parse({
    title,
    tags: ['dress'],
    skus: [{ spec: {}, priceFen: 1000, stock }],
  });
  return (await createProduct(db, input)).id;
}

/** The in-process answer and the SQL one (inside a transaction the in-process index stands aside). */
async function bothWays(db: Executor, raw: string) {
  const query = { plan: plan(raw), limit: 50 };
  const memory = await searchProducts(db, query);
  const viaSql = await db.transaction().execute((trx) => searchProducts(trx, query));
  const ids = (result: typeof memory) => ({ ids: result.items.map((item) => item.id), total: result.total });
  expect(ids(memory)).toEqual(ids(viaSql));
  return ids(memory).ids;
}

async function seq(db: Executor): Promise<number> {
  const result = await sql<{ seq: number }>`select seq from search_state where id = 1`.execute(db);
  return Number(result.rows[0]!.seq);
}

describe('in-process search index on sqlite', () => {
  let t: TestDatabase;
  /** A second connection to the same file: another instance of the app, or a tool. */
  let other: Database;
  let red: number;
  let blue: number;
  let green: number;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite', { file: true });
    other = await openDatabase(t.config, { migrate: false });
    red = await product(t.db, '红色连衣裙');
    blue = await product(t.db, '蓝色连衣裙');
    green = await product(t.db, '绿色连衣裙');
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('is built on SQLite and reports its size', async () => {
    const stats = await warmSearchIndex(t.db);
    expect(stats).toMatchObject({ liveProducts: 3 });
    expect(stats!.bytes).toBeGreaterThan(0);
  });

  it('follows stock, sales, shelf, text and deletions written by another connection', async () => {
    expect(await bothWays(t.db, '连衣裙')).toEqual([green, blue, red]);

    await other.db.updateTable('skus').set({ stock: 0 }).where('product_id', '=', green).execute();
    expect(await bothWays(t.db, '连衣裙')).toEqual([blue, red, green]);

    await other.db.updateTable('products').set({ sales_count: 7 }).where('id', '=', red).execute();
    expect(await bothWays(t.db, '连衣裙')).toEqual([red, blue, green]);

    await other.db.updateTable('products').set({ on_shelf: 0 }).where('id', '=', blue).execute();
    expect(await bothWays(t.db, '连衣裙')).toEqual([red, green]);

    await other.db.updateTable('products').set({ title: '蓝色衬衫' }).where('id', '=', blue).execute();
    await other.db.updateTable('products').set({ on_shelf: 1 }).where('id', '=', blue).execute();
    await indexProduct(other.db, blue);
    // Still a dress through its tag (a synonym: below a title as typed).
    expect(await bothWays(t.db, '连衣裙')).toEqual([red, blue, green]);
    expect(await bothWays(t.db, '衬衫')).toEqual([blue]);

    await other.db.deleteFrom('skus').where('product_id', '=', red).execute();
    await other.db.deleteFrom('products').where('id', '=', red).execute();
    expect(await bothWays(t.db, '连衣裙')).toEqual([blue, green]);
    // The answers above came from the in-process index, which followed every change.
    expect(await warmSearchIndex(t.db)).toMatchObject({ liveProducts: 2, buildMs: expect.any(Number) });
  });

  it('logs a stock change only when a product becomes buyable or sold out', async () => {
    const before = await seq(t.db);
    await t.db.updateTable('skus').set({ stock: 9 }).where('product_id', '=', blue).execute();
    expect(await seq(t.db)).toBe(before);
    await t.db.updateTable('skus').set({ stock: 0 }).where('product_id', '=', blue).execute();
    expect(await seq(t.db)).toBeGreaterThan(before);
  });

  it('starts over after a rebuild', async () => {
    await rebuildSearchIndex(other.db);
    const latest = await product(other.db, '黄色连衣裙');
    expect(await bothWays(t.db, '连衣裙')).toEqual([latest, green, blue]);
  });

  it('quotes FTS syntax on the SQL index too', async () => {
    const hostile: SearchPlan = {
      normalized: 'x',
      terms: [{ text: '连衣裙', alternatives: ['连衣裙', 'near(', 'a" or "b', '*', '"', '" or', '%_\\'] }],
    };
    const viaSql = await t.db
      .transaction()
      .execute((trx) => searchProducts(trx, { plan: hostile, limit: 10 }));
    const memory = await searchProducts(t.db, { plan: hostile, limit: 10 });
    expect(viaSql.total).toBeGreaterThan(0);
    expect(viaSql).toEqual(memory);
  });

  it('never finds a word that is only in the description or subtitle, on either engine', async () => {
    const input = ProductInputSchema.parse({
      title: '帆布鞋',
      subtitle: '碎花连衣裙的好搭档',
      description: '搭配碎花连衣裙很好看',
      skus: [{ spec: {}, priceFen: 1000, stock: 5 }],
    });
    const shoes = (await createProduct(t.db, input)).id;
    expect(await bothWays(t.db, '连衣裙')).not.toContain(shoes);
    expect(await bothWays(t.db, '碎花连衣裙')).toEqual([]);
    expect(await bothWays(t.db, '帆布鞋')).toEqual([shoes]);
  });

  it('never takes in what a transaction has not committed', async () => {
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable('products').set({ on_shelf: 0 }).where('id', '=', green).execute();
        // Inside the transaction: SQL sees the change.
        const inside = await searchProducts(trx, { plan: plan('连衣裙'), limit: 10 });
        expect(inside.items.map((item) => item.id)).not.toContain(green);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await bothWays(t.db, '连衣裙')).toContain(green);
  });
});

describe('in-process search index on postgres', () => {
  it.runIf(process.env.TEST_PG_URL)('is not used: pg_trgm answers', async () => {
    const t = await createTestDatabase('postgres');
    try {
      expect(await warmSearchIndex(t.db)).toBeNull();
    } finally {
      await t.close();
    }
  });
});
