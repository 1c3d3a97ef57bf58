import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, hasChromium, launchBrowser } from '../support/browser.ts';
import { startStack } from '../support/stack.ts';
import type { Stack } from '../support/stack.ts';
import { seedDemo } from '@weshop/db/seed';

/**
 * The demo path as far as it exists today, in Chromium at a phone-ish size: the simulator's chat,
 * follow through a QR scene, the welcome card, "连衣裙" → a product card, and a link from the chat
 * that logs the browser in as that fan (the H5 shop itself comes with its own issue).
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

  it('follows with a QR scene, gets the welcome, searches and logs in as the fan', async () => {
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
  });
});
