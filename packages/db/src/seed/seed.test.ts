import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShopProfileSchema } from '@weshop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { countProducts, createProduct } from '../repositories/catalog.ts';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import type { Executor } from '../transaction.ts';
import { DEMO_CATALOG, seedDemo } from './index.ts';
import type { SeedDemoResult } from './index.ts';

// One upload folder for the whole file: the pictures are drawn once, later seeds reuse them.
const uploadDir = mkdtempSync(join(tmpdir(), 'weshop-seed-'));
afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

const SLOW = 60_000;
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

function fileOf(url: string): string {
  expect(url).toMatch(/^\/uploads\/demo\/[a-z0-9-]+\.(jpg|png)$/);
  return join(uploadDir, url.slice('/uploads/'.length));
}

function magic(url: string, length: number): number[] {
  return [...readFileSync(fileOf(url)).subarray(0, length)];
}

async function counts(db: Executor) {
  const [categories, skus, images, synonyms] = await Promise.all(
    (['categories', 'skus', 'product_images', 'search_synonyms'] as const).map(async (table) => {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }),
  );
  return { categories, products: await countProducts(db), skus, images, synonyms };
}

describe.each(testDialects())('seedDemo on %s', (dialect) => {
  let database: TestDatabase;
  let first: SeedDemoResult;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    first = await seedDemo(database.db, { uploadDir, now: '2026-11-22T08:00:00.000Z' });
  }, SLOW);
  afterAll(async () => {
    await database?.close();
  });

  it('seeds categories with icons and products with pictures on disk', async () => {
    const { db } = database;
    expect(first).toMatchObject({ seeded: true });
    expect(first.categories).toBeGreaterThanOrEqual(7);
    expect(first.products).toBeGreaterThanOrEqual(60);
    expect(await counts(db)).toMatchObject({ categories: first.categories, products: first.products });

    const categories = await db.selectFrom('categories').selectAll().execute();
    for (const category of categories) {
      expect(category.icon, category.name).toBeTruthy();
      expect(magic(category.icon ?? '', 4)).toEqual(PNG_MAGIC);
    }

    const products = await db.selectFrom('products').selectAll().execute();
    const images = await db.selectFrom('product_images').selectAll().orderBy('sort_order').execute();
    const skus = await db.selectFrom('skus').selectAll().execute();
    let pictures = categories.length;
    for (const product of products) {
      const urls = images.filter((image) => image.product_id === product.id).map((image) => image.url);
      expect(urls.length, product.title).toBeGreaterThanOrEqual(1);
      expect(product.cover_image).toBe(urls[0]);
      for (const url of urls) expect(magic(url, 3), url).toEqual(JPEG_MAGIC);
      pictures += urls.length;
      const productSkus = skus.filter((sku) => sku.product_id === product.id);
      expect(productSkus.length, product.title).toBeGreaterThanOrEqual(1);
      expect(productSkus.length, product.title).toBeLessThanOrEqual(6);
      expect(product.min_price_fen).toBeGreaterThan(0);
    }
    expect(first.images).toBe(pictures);
  });

  it('tags every 连衣裙 product "dress" and covers the search and stock cases', async () => {
    const { db } = database;
    const rows = await db
      .selectFrom('products as p')
      .innerJoin('categories as c', 'c.id', 'p.category_id')
      .select(['p.id', 'p.title', 'p.tags', 'p.on_shelf', 'c.name as category'])
      .execute();
    const dresses = rows.filter((row) => row.category === '连衣裙');
    expect(dresses.length).toBeGreaterThanOrEqual(8);
    for (const dress of dresses) expect(JSON.parse(dress.tags), dress.title).toContain('dress');
    expect(dresses.filter((dress) => dress.title.includes('碎花')).length).toBeGreaterThanOrEqual(2);
    expect(dresses.filter((dress) => dress.title.includes('红色')).length).toBeGreaterThanOrEqual(2);
    const lipstick = rows.find((row) => row.title.includes('口红'));
    expect(lipstick && JSON.parse(lipstick.tags)).toContain('lipstick');
    expect(rows.some((row) => row.on_shelf === 0)).toBe(true);

    const stock = await db
      .selectFrom('skus')
      .select(['product_id', (eb) => eb.fn.sum<number>('stock').as('total')])
      .groupBy('product_id')
      .execute();
    expect(stock.some((row) => Number(row.total) === 0)).toBe(true);
  });

  it('writes synonym rules, equivalent and broader, and the shop profile', async () => {
    const { db } = database;
    const rules = (await db.selectFrom('search_synonyms').select(['kind', 'terms']).execute()).map((row) => ({
      kind: row.kind,
      terms: JSON.parse(row.terms) as string[],
    }));
    expect(rules.length).toBeGreaterThanOrEqual(8);
    expect(rules).toContainEqual({ kind: 'equivalent', terms: ['连衣裙', 'dress'] });
    expect(rules).toContainEqual({ kind: 'equivalent', terms: ['口红', '唇膏', 'lipstick'] });
    expect(rules).toContainEqual({ kind: 'broader', terms: ['裙子', '连衣裙', '半身裙', '长裙', '短裙'] });
    const setting = await db
      .selectFrom('settings')
      .selectAll()
      .where('key', '=', 'shop_profile')
      .executeTakeFirst();
    expect(ShopProfileSchema.parse(JSON.parse(setting?.value ?? 'null')).name).toBe('芊芊小铺');
  });

  it('does nothing when run again without force', async () => {
    const before = await counts(database.db);
    const again = await seedDemo(database.db, { uploadDir });
    expect(again).toEqual({ seeded: false, categories: 0, products: 0, images: 0 });
    expect(await counts(database.db)).toEqual(before);
  });

  it(
    're-seeds with force to the same counts and keeps the shop profile',
    async () => {
      const { db } = database;
      const before = await counts(db);
      const profile = JSON.stringify({ name: '我的小店', slogan: '', servicePhone: '' });
      await db.updateTable('settings').set({ value: profile }).where('key', '=', 'shop_profile').execute();
      const again = await seedDemo(db, { uploadDir, force: true });
      expect(again).toEqual(first);
      expect(await counts(db)).toEqual(before);
      const setting = await db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'shop_profile')
        .executeTakeFirst();
      expect(setting?.value).toBe(profile);
    },
    SLOW,
  );

  it(
    'never seeds a database that already has a product, live or deleted',
    async () => {
      const other = await createTestDatabase(dialect);
      try {
        const product = await createProduct(other.db, {
          title: '店主手工上架的围巾',
          subtitle: '',
          description: '',
          tags: [],
          images: [],
          onShelf: true,
          skus: [{ spec: {}, priceFen: 9900, stock: 3 }],
        });
        expect(await seedDemo(other.db, { uploadDir })).toMatchObject({ seeded: false });
        await other.db.updateTable('products').set({ deleted_at: '2026-11-22T09:00:00.000Z' }).execute();
        expect(await seedDemo(other.db, { uploadDir })).toMatchObject({ seeded: false });
        const rows = await other.db.selectFrom('products').select('id').execute();
        expect(rows).toEqual([{ id: product.id }]);
        expect(await other.db.selectFrom('categories').select('id').execute()).toEqual([]);
      } finally {
        await other.close();
      }
    },
    SLOW,
  );

  it(
    'seeds one catalogue when two instances seed one empty database at once',
    async () => {
      const empty = await createTestDatabase(dialect);
      // PostgreSQL: a second pool, as a second process would have; SQLite is one process, one handle.
      const second = dialect === 'postgres' ? await openDatabase(empty.config, { migrate: false }) : empty;
      try {
        const results = await Promise.all([
          seedDemo(empty.db, { uploadDir }),
          seedDemo(second.db, { uploadDir }),
        ]);
        expect(results.filter((result) => result.seeded)).toHaveLength(1);
        expect(await counts(empty.db)).toMatchObject({
          categories: DEMO_CATALOG.categories.length,
          products: DEMO_CATALOG.products.length,
        });
      } finally {
        if (second !== empty) await second.close();
        await empty.close();
      }
    },
    SLOW,
  );
});
