import { signJsSdk } from '@weshop/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../testing.ts';
import type { TestApp } from '../../testing.ts';

const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';

describe('GET /api/shop/wechat/jssdk', () => {
  let t: TestApp;
  let ticketCalls = 0;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      wechat: (deps) => ({
        ...deps,
        client: {
          ...deps.client,
          getJsapiTicket: async () => {
            ticketCalls++;
            return TICKET;
          },
        },
      }),
    });
  });
  afterAll(() => t.close());

  it('signs the page URL without its fragment', async () => {
    const url = 'http://shop.test/shop/products/1?from=chat#sku';
    const response = await t.request(`/api/shop/wechat/jssdk?url=${encodeURIComponent(url)}`);
    expect(response.status).toBe(200);
    const config = (await response.json()) as {
      appId: string;
      timestamp: number;
      nonceStr: string;
      signature: string;
      jsApiList: string[];
    };
    expect(config.appId).toBe(t.config.wechat.appId);
    expect(config.signature).toBe(
      signJsSdk({
        ticket: TICKET,
        nonceStr: config.nonceStr,
        timestamp: config.timestamp,
        url: 'http://shop.test/shop/products/1?from=chat',
      }),
    );
    expect(config.jsApiList).toContain('chooseWXPay');
    expect(ticketCalls).toBe(1);
  });

  it.each(['https://evil.example/page', 'not a url', ''])('refuses %j with 400 naming url', async (url) => {
    const response = await t.request(`/api/shop/wechat/jssdk?url=${encodeURIComponent(url)}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('url');
  });
});
