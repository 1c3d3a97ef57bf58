import { createCategory, createProduct } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing.ts';
import type { TestApp } from '../../testing.ts';

async function json(response: Response) {
  return (await response.json()) as Record<string, any>;
}

describe.each(testDialects())('shop catalog API on %s', (dialect) => {
  let t: TestApp;
  let dresses: number;
  let beauty: number;
  const productIds: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const db = t.database.db;
    dresses = (await createCategory(db, { name: '连衣裙', sortOrder: 1 })).id;
    beauty = (await createCategory(db, { name: '美妆', sortOrder: 2 })).id;
    for (let i = 1; i <= 25; i++) {
      const product = await createProduct(db, {
        title: i % 2 ? `碎花连衣裙 ${i}` : `口红 ${i}`,
        subtitle: '',
        description: '',
        categoryId: i % 2 ? dresses : beauty,
        tags: i % 2 ? ['dress'] : ['lipstick'],
        images: [`/uploads/p${i}.jpg`],
        onShelf: i !== 25,
        skus: [
          { spec: { 颜色: '红' }, priceFen: 10000 + i, stock: i === 3 ? 0 : 5 },
          { spec: { 颜色: '黑' }, priceFen: 9000 + i, stock: i === 3 ? 0 : 1 },
        ],
      });
      productIds.push(product.id);
    }
  });
  afterAll(() => t.close());

  it('lists categories in order with on-shelf product counts', async () => {
    const body = await json(await t.request('/api/shop/categories'));
    expect(body.items.map((c: { name: string }) => c.name)).toEqual(['连衣裙', '美妆']);
    expect(body.items[0].productCount).toBe(12);
    expect(body.items[1].productCount).toBe(12);
  });

  it('lists products newest first with the lowest SKU price and an in-stock flag', async () => {
    const response = await t.request('/api/shop/products?limit=5');
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.items).toHaveLength(5);
    expect(body.items[0]).toMatchObject({
      id: productIds[23],
      priceFen: 9024,
      maxPriceFen: 10024,
      inStock: true,
    });
    expect(body.items.some((p: { id: number }) => p.id === productIds[24])).toBe(false);
    expect(typeof body.nextCursor).toBe('string');
  });

  it('filters by category and by title words', async () => {
    const byCategory = await json(await t.request(`/api/shop/products?categoryId=${beauty}&limit=50`));
    expect(byCategory.items).toHaveLength(12);
    expect(byCategory.nextCursor).toBeNull();
    const byTitle = await json(
      await t.request(`/api/shop/products?q=${encodeURIComponent('碎花')}&limit=50`),
    );
    expect(byTitle.items).toHaveLength(12);
    const sold = byTitle.items.find((p: { id: number }) => p.id === productIds[2]);
    expect(sold.inStock).toBe(false);
  });

  it('treats LIKE wildcards in q literally', async () => {
    const body = await json(await t.request(`/api/shop/products?q=${encodeURIComponent('%')}`));
    expect(body.items).toEqual([]);
  });

  it('returns a product with its SKUs and spec options', async () => {
    const body = await json(await t.request(`/api/shop/products/${productIds[0]}`));
    expect(body).toMatchObject({
      id: productIds[0],
      title: '碎花连衣裙 1',
      priceFen: 9001,
      images: ['/uploads/p1.jpg'],
    });
    expect(body.skus).toHaveLength(2);
    expect(body.skus[0]).toMatchObject({ spec: { 颜色: '红' }, priceFen: 10001, stock: 5 });
    expect(body.specOptions).toEqual([{ name: '颜色', values: ['红', '黑'] }]);
  });

  it('pages through every product exactly once while new products are added', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let added = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await json(await t.request(`/api/shop/products?limit=4${query}`));
      seen.push(...page.items.map((p: { id: number }) => p.id));
      cursor = page.nextCursor;
      // Staff add products between page loads.
      await createProduct(t.database.db, {
        title: `新品 ${++added}`,
        subtitle: '',
        description: '',
        tags: [],
        images: [],
        onShelf: true,
        skus: [{ spec: {}, priceFen: 100, stock: 1 }],
      });
    } while (cursor);
    const expected = productIds.slice(0, 24).reverse();
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });

  describe('bad input', () => {
    it.each([
      ['limit=-5', 'limit'],
      ['limit=1000', 'limit'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1&limit=2', 'limit'],
      ['cursor=garbage', 'cursor'],
      ['cursor=eyJ4IjoxfQ', 'cursor'],
      ['categoryId=999999', 'categoryId'],
      ['categoryId=-1', 'categoryId'],
      [`q=${'x'.repeat(1025)}`, 'q'],
    ])('answers 400 problem+json naming the field for %s', async (query, field) => {
      const response = await t.request(`/api/shop/products?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const body = await json(response);
      expect(body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(body.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
    });

    it.each(['999999', String(2 ** 31)])('answers 404 or 400 for product %s, never 500', async (id) => {
      const response = await t.request(`/api/shop/products/${id}`);
      expect([400, 404]).toContain(response.status);
      expect((await json(response)).code).toMatch(/NOT_FOUND|VALIDATION_FAILED/);
    });

    it('answers 404 NOT_FOUND for an unknown product and for an off-shelf one', async () => {
      for (const id of [999999, productIds[24]]) {
        const response = await t.request(`/api/shop/products/${id}`);
        expect(response.status).toBe(404);
        expect(await json(response)).toMatchObject({
          code: 'NOT_FOUND',
          status: 404,
          instance: `/api/shop/products/${id}`,
        });
      }
    });

    it('answers 400 for a non-numeric product id', async () => {
      const response = await t.request('/api/shop/products/abc');
      expect(response.status).toBe(400);
      expect((await json(response)).errors[0].path).toBe('id');
    });

    it('answers 404 problem+json for an unknown API route', async () => {
      const response = await t.request('/api/shop/nope');
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });
  });
});
