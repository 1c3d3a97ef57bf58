import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, hasChromium, launchBrowser } from '../support/browser.ts';
import { startStack } from '../support/stack.ts';
import type { Stack } from '../support/stack.ts';
import { seedDemo } from '@weshop/db/seed';
import { loginAsAdmin } from '@weshop/api/testing';
import { createOutboxWorker } from '@weshop/api/notify';

/**
 * The demo path as far as it exists today, in Chromium at a phone-ish size: the simulator's chat,
 * follow through a QR scene, the welcome card, "连衣裙" → a product card, and a link from the chat
 * that logs the browser in as that fan; then an order paid with balance and shipped by staff, whose
 * "order shipped" card arrives in the chat (the H5 shop and admin pages come with their own issues).
 */
describe.skipIf(!hasChromium())('the chat demo in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack('sqlite');
    await seedDemo(stack.database.db, { uploadDir: stack.apps[0]!.config.uploadDir });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('follows with a QR scene, gets the welcome, searches, logs in, pays and sees the shipped card', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.simUrl}/`);
    await page.fill('#new-fan-name', '小红');
    await page.click('#new-fan button, #new-fan [type=submit]');
    await page.fill('#follow-scene', 'poster-1');
    await page.click('#follow-button');
    await expect
      .poll(() => page.locator('.card.news .news-title').first().textContent())
      .toContain('欢迎关注');

    await page.fill('#composer-input', '连衣裙');
    await page.click('#send-button');
    const card = page.locator('.card.news', { hasText: '为你找到' });
    await card.waitFor();
    // The card's picture is served by the shop and loads cross-origin in the chat.
    await expect
      .poll(() =>
        card.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(0);
    expect(await card.locator('.news-title').textContent()).toMatch(/为你找到 \d+ 件「连衣裙」/);
    await page.screenshot({ path: `${ARTIFACTS}chat.png` });

    const openid = (await page.locator('#fan-card-openid').textContent())!.trim();
    const target = `${stack.apiUrl}/oauth/wechat?redirect=${encodeURIComponent('/api/shop/me')}`;
    const shop = await context.newPage();
    await shop.goto(`${stack.simUrl}/__sim/open?openid=${openid}&url=${encodeURIComponent(target)}`);
    // The browser keeps WeChat's #wechat_redirect fragment across the redirects, as WeChat's own does.
    expect(shop.url().split('#')[0]).toBe(`${stack.apiUrl}/api/shop/me`);
    expect(JSON.parse((await shop.locator('body').textContent())!)).toMatchObject({
      openid,
      subscribed: true,
    });

    // Until the H5 shop has pages: the logged-in browser orders and pays through the shop API, staff
    // top up and ship through the admin API, and the "order shipped" card arrives in the chat.
    const app = stack.apps[0]!;
    const admin = await loginAsAdmin(app);
    await admin.json('POST', `/api/admin/fans/${openid}/balance`, { amountFen: 100_000, reason: '门店充值' });
    const { items } = (await (await app.request('/api/shop/products?q=连衣裙')).json()) as {
      items: { id: number }[];
    };
    const detail = (await (await app.request(`/api/shop/products/${items[0]!.id}`)).json()) as {
      title: string;
      skus: { id: number; stock: number }[];
    };
    const sku = detail.skus.find((candidate) => candidate.stock > 0)!;
    const order = await shop.evaluate(async (skuId) => {
      const post = (path: string, body: unknown) =>
        fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const placed = await post('/api/shop/orders', {
        items: [{ skuId, quantity: 1 }],
        address: { name: '小红', phone: '13800138000', detail: '上海市徐汇区漕溪北路 88 号' },
      });
      const created = (await placed.json()) as { id: number; orderNo: string };
      const paid = await post(`/api/shop/orders/${created.id}/pay`, { method: 'balance' });
      return { ...created, paidStatus: paid.status };
    }, sku.id);
    expect(order.paidStatus).toBe(200);
    const shipped = await admin.json('POST', `/api/admin/orders/${order.id}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF1234567890',
    });
    expect(shipped.status).toBe(200);
    const worker = createOutboxWorker(app.deps);
    while ((await worker.runOnce()) > 0);
    const shippedCard = page.locator('.card.template', { hasText: '订单发货通知' });
    await shippedCard.waitFor();
    expect(await shippedCard.textContent()).toContain(order.orderNo);
    expect(await shippedCard.textContent()).toContain('SF1234567890');
    await expect.poll(() => page.locator('.card.template', { hasText: '余额变动通知' }).count()).toBe(2);
    await shippedCard.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}chat-shipped.png` });
  });
});
