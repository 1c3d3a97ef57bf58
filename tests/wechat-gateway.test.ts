import { createDbTokenStore } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import {
  SIMULATOR_CREDENTIALS,
  WeChatApiError,
  WeChatNetworkError,
  createWeChatClient,
} from '@weshop/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowser, startStack } from './support/stack.ts';
import type { Stack } from './support/stack.ts';

async function simJson<T>(stack: Stack, path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${stack.simUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init?.headers },
  });
  return (await response.json()) as T;
}

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

describe.each(testDialects())('the WeChat gateway against the simulator on %s', (dialect) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(dialect, { instances: 2 });
  });
  afterAll(() => stack.close());

  async function newFan(nickname = '小红'): Promise<string> {
    return (await simJson<{ openid: string }>(stack, '/__sim/fans', post({ nickname }))).openid;
  }

  it('follows through a QR scene and gets the welcome card (safe mode both ways)', async () => {
    await stack.database.db.insertInto('qr_scenes').values({ scene: 'store-a', name: '门店 A' }).execute();
    const openid = await newFan();
    const result = await simJson<{
      items: { from: string; type: string; articles?: { title: string; url: string }[] }[];
      webhook: { ok: boolean };
    }>(stack, `/__sim/fans/${openid}/follow`, post({ scene: 'store-a' }));
    expect(result.webhook.ok).toBe(true);
    const card = result.items.find((item) => item.from === 'account');
    expect(card?.type).toBe('news');
    expect(card?.articles?.[0]?.url).toBe(`${stack.apiUrl}/shop/`);
    const fan = await stack.database.db
      .selectFrom('fans')
      .selectAll()
      .where('openid', '=', openid)
      .executeTakeFirst();
    expect(fan).toMatchObject({ subscribed: 1, subscribe_scene: 'store-a' });
  });

  it('answers a text message in the chat', async () => {
    const openid = await newFan();
    await simJson(stack, `/__sim/fans/${openid}/follow`, post({}));
    const result = await simJson<{ items: { from: string; type: string; text?: string }[] }>(
      stack,
      `/__sim/fans/${openid}/messages`,
      post({ text: '你好' }),
    );
    expect(result.items.find((item) => item.from === 'account')).toMatchObject({ type: 'text' });
  });

  it('logs a fan in through the simulated OAuth and shows /api/shop/me', async () => {
    const openid = await newFan('小蓝');
    const browser = createBrowser();
    const target = `${stack.apiUrl}/oauth/wechat?redirect=${encodeURIComponent('/api/shop/me')}`;
    const { response, url } = await browser.get(
      `${stack.simUrl}/__sim/open?openid=${openid}&url=${encodeURIComponent(target)}`,
    );
    expect(url).toBe(`${stack.apiUrl}/api/shop/me`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ openid, balanceFen: 0 });
  });

  it('shares one access token between two API instances on one database', async () => {
    const before = (await simJson<{ items: unknown[] }>(stack, '/__sim/calls?path=/cgi-bin/stable_token'))
      .items.length;
    const [a, b] = stack.apps;
    const tokens = await Promise.all([
      ...Array.from({ length: 10 }, () => a!.wechat.client.getAccessToken()),
      ...Array.from({ length: 10 }, () => b!.wechat.client.getAccessToken()),
    ]);
    expect(new Set(tokens).size).toBe(1);
    const after = (await simJson<{ items: unknown[] }>(stack, '/__sim/calls?path=/cgi-bin/stable_token'))
      .items.length;
    expect(after - before).toBe(1);
  });

  describe('faults', () => {
    function client(timeoutMs = 2000) {
      return createWeChatClient({
        appId: SIMULATOR_CREDENTIALS.appId,
        secret: SIMULATOR_CREDENTIALS.secret,
        apiBase: stack.simUrl,
        timeoutMs,
        tokenStore: createDbTokenStore(stack.database.db),
      });
    }
    const template = (toUser: string, clientMsgId: string) => ({
      toUser,
      templateId: 'TPL_SHIPPED',
      data: { thing1: { value: '连衣裙' } },
      clientMsgId,
    });
    const fault = (path: string, times: number, fault: Record<string, unknown>) =>
      simJson(stack, '/__sim/faults', post({ path, times, fault }));

    it('refreshes the token once on 40001 and delivers the message', async () => {
      const openid = await newFan();
      await simJson(stack, `/__sim/fans/${openid}/follow`, post({}));
      await fault('/cgi-bin/message/template/send', 1, { errcode: 40001 });
      const result = await client().sendTemplate(template(openid, `t-40001-${openid}`));
      expect(result.msgId).toMatch(/^\d+$/);
      const deliveries = await simJson<{ items: unknown[] }>(stack, `/__sim/deliveries?openid=${openid}`);
      expect(deliveries.items).toHaveLength(1);
    });

    it('classifies 45009 as quota, 43004 as permanent, 5xx and timeouts as retryable network errors', async () => {
      const openid = await newFan();
      await simJson(stack, `/__sim/fans/${openid}/follow`, post({}));
      await fault('/cgi-bin/message/template/send', 1, { errcode: 45009 });
      await expect(client().sendTemplate(template(openid, 'q1'))).rejects.toMatchObject({
        errcode: 45009,
        kind: 'quota',
      });
      const stranger = await newFan();
      await expect(client().sendTemplate(template(stranger, 'p1'))).rejects.toBeInstanceOf(WeChatApiError);
      await fault('/cgi-bin/message/template/send', 1, { status: 502, html: true });
      await expect(client().sendTemplate(template(openid, 'n1'))).rejects.toBeInstanceOf(WeChatNetworkError);
      await fault('/cgi-bin/message/template/send', 1, { delayMs: 1500 });
      await expect(client(300).sendTemplate(template(openid, 'n2'))).rejects.toMatchObject({
        outcomeUnknown: true,
      });
    });

    it('delivers once when a retry after a lost answer carries the same client_msg_id', async () => {
      const openid = await newFan();
      await simJson(stack, `/__sim/fans/${openid}/follow`, post({}));
      await fault('/cgi-bin/message/template/send', 1, { delayMs: 1500 });
      await expect(client(300).sendTemplate(template(openid, 'same-key'))).rejects.toBeInstanceOf(
        WeChatNetworkError,
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await client().sendTemplate(template(openid, 'same-key'));
      const deliveries = await simJson<{ items: unknown[] }>(stack, `/__sim/deliveries?openid=${openid}`);
      expect(deliveries.items).toHaveLength(1);
    });
  });
});
