/**
 * Catalog read path: the shop's product list and product detail through the whole app (routing,
 * validation, SQLite, JSON), against a bare Hono route answering a constant of the same size in the
 * same process. Reports the ratio of their throughputs.
 */
import { createTestApp } from '@weshop/api/testing';
import { createProduct } from '@weshop/db';
import { Hono } from 'hono';
import { formatStats, measure } from './measure.ts';

const PRODUCTS = 2000;
const REQUESTS = 4000;
const CONCURRENCY = 10;

export async function runCatalogBench(): Promise<void> {
  const t = await createTestApp('sqlite', { database: { file: true } });
  try {
    for (let i = 0; i < PRODUCTS; i++) {
      await createProduct(t.database.db, {
        title: `测试商品 ${i} 碎花连衣裙`,
        subtitle: '',
        description: '描述'.repeat(50),
        tags: ['dress'],
        images: [`/uploads/demo/p${i}.jpg`],
        onShelf: true,
        skus: [
          { spec: { 颜色: '红', 尺码: 'M' }, priceFen: 19900, stock: 10 },
          { spec: { 颜色: '黑', 尺码: 'L' }, priceFen: 20900, stock: 0 },
        ],
      });
    }
    const list = await (await t.request('/api/shop/products?limit=20')).text();
    const bare = new Hono().get('/constant', (c) =>
      c.body(list, 200, { 'content-type': 'application/json' }),
    );

    // Warm up both paths before measuring.
    await measure(() => bare.request('http://x/constant'), 500, CONCURRENCY);
    await measure(() => t.request('/api/shop/products?limit=20'), 500, CONCURRENCY);

    const baseline = await measure(() => bare.request('http://x/constant'), REQUESTS, CONCURRENCY);
    const listStats = await measure(() => t.request('/api/shop/products?limit=20'), REQUESTS, CONCURRENCY);
    let id = 0;
    const detailStats = await measure(
      () => t.request(`/api/shop/products/${(id++ % PRODUCTS) + 1}`),
      REQUESTS,
      CONCURRENCY,
    );

    console.log(
      `catalog bench: ${PRODUCTS} products on SQLite, ${REQUESTS} requests, ${CONCURRENCY} in flight, node ${process.version}`,
    );
    console.log(formatStats('baseline (bare Hono)', baseline));
    console.log(formatStats('GET /api/shop/products', listStats));
    console.log(formatStats('GET /api/shop/products/:id', detailStats));
    console.log(
      `catalog: list ${((listStats.perSecond / baseline.perSecond) * 100).toFixed(1)}% of baseline, detail ${((detailStats.perSecond / baseline.perSecond) * 100).toFixed(1)}% of baseline`,
    );
  } finally {
    await t.close();
  }
}
