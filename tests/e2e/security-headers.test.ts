import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { createTestApp } from '@weshop/api/testing';
import type { TestApp } from '@weshop/api/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser.ts';

/**
 * The API's HTML pages in Chromium under their Content-Security-Policy: each renders completely
 * (Swagger UI builds the docs from /api/openapi.json, the OAuth page gets its stylesheet) and the
 * browser reports no violation of the policy and no refused frame.
 */
describe.skipIf(!hasChromium())('HTML pages under their CSP in Chromium', () => {
  let t: TestApp;
  let server: ServerType;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await new Promise<void>((resolve) => {
      server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await t?.close();
  });

  /** Opens `path` and collects every CSP violation the page reports. */
  async function open(path: string): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    // Page code (no DOM types here): every violation the browser reports goes to reportViolation.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => reportViolation(e.violatedDirective + ' ' + e.blockedURI))",
    );
    const response = await page.goto(`${base}${path}`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    return { page, violations };
  }

  it('renders the API docs with Swagger UI and no CSP violation', async () => {
    const { page, violations } = await open('/api/docs');
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'weshop API' }).waitFor();
    await page.locator('.opblock-tag', { hasText: 'shop' }).first().waitFor();
    expect(await page.locator('#problem-out-of-stock').textContent()).toContain('OUT_OF_STOCK');
    expect(violations).toEqual([]);
    expect(await page.evaluate<string>('getComputedStyle(document.body).margin')).toBe('0px');
    await page.close();
  });

  it('styles the OAuth failure page from its stylesheet with no CSP violation', async () => {
    const { page, violations } = await open('/oauth/wechat/callback?code=x&state=expired');
    expect(await page.locator('h1').textContent()).toBe('登录链接已失效');
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe(
      'rgb(245, 245, 245)',
    );
    expect(violations).toEqual([]);
    await page.close();
  });

  it('cannot be framed by another page', async () => {
    const page = await browser.newPage();
    await page.setContent(`<iframe src="${base}/api/docs"></iframe>`, { waitUntil: 'load' });
    const frame = page.frames()[1];
    expect(await frame?.evaluate<string>('document.title').catch(() => 'blocked')).not.toBe('weshop API');
    await page.close();
  });
});
