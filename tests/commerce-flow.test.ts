/**
 * The commerce flow end to end against the WeChat simulator, on SQLite and PostgreSQL: a fan follows
 * and logs in through the simulated OAuth; staff top the balance up; the fan orders and pays with the
 * balance; staff ship; the outbox worker sends, and the simulator receives the "balance changed"
 * cards (top-up, then payment) and the "order shipped" card with the right data and links.
 */
import { testDialects } from '@weshop/db/testing';
import { loginAsAdmin } from '@weshop/api/testing';
import { createOutboxWorker } from '@weshop/api/notify';
import { SIMULATOR_TEMPLATES } from '@weshop/wechat/simulator-defaults';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowser, startStack } from './support/stack.ts';
import type { Stack } from './support/stack.ts';

interface TemplateDelivery {
  kind: string;
  clientMsgId: string;
  payload: { touser: string; template_id: string; url: string; data: Record<string, { value: string }> };
}

describe.each(testDialects())('top-up → order → pay → ship → notifications on %s', (dialect) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(dialect);
  });
  afterAll(() => stack.close());

  const sim = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${stack.simUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await response.json()) as T;
  };

  it('delivers both template messages with the right data and links', async () => {
    const app = stack.apps[0]!;
    const { openid } = await sim<{ openid: string }>('/__sim/fans', { nickname: '小绿' });
    await sim(`/__sim/fans/${openid}/follow`, {});

    // The fan logs in through the simulated OAuth, as from a card in the chat.
    const browser = createBrowser();
    const target = `${stack.apiUrl}/oauth/wechat?redirect=${encodeURIComponent('/api/shop/me')}`;
    await browser.get(`${stack.simUrl}/__sim/open?openid=${openid}&url=${encodeURIComponent(target)}`);
    const cookie = browser.cookieHeader(stack.apiUrl);
    const shop = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.apiUrl}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const admin = await loginAsAdmin(app);
    const topUp = await admin.json('POST', `/api/admin/fans/${openid}/balance`, {
      amountFen: 50_000,
      reason: '门店充值',
    });
    expect(topUp.status).toBe(200);

    const product = await admin.json('POST', '/api/admin/products', {
      title: '法式碎花连衣裙',
      skus: [{ spec: { 尺码: 'M' }, priceFen: 29_900, stock: 3 }],
    });
    const { skus } = (await product.json()) as { skus: { id: number }[] };
    const placed = await shop('POST', '/api/shop/orders', {
      items: [{ skuId: skus[0]!.id, quantity: 1 }],
      address: { name: '小绿', phone: '13512345678', detail: '深圳市南山区科技园 8 号' },
    });
    expect(placed.status).toBe(201);
    const order = (await placed.json()) as { id: number; orderNo: string };
    expect((await shop('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' })).status).toBe(200);
    const shipped = await admin.json('POST', `/api/admin/orders/${order.id}/ship`, {
      carrier: '顺丰速运',
      trackingNo: 'SF1400012345678',
    });
    expect(shipped.status).toBe(200);

    const worker = createOutboxWorker(app.deps);
    while ((await worker.runOnce()) > 0);

    const { items } = await sim<{ items: TemplateDelivery[] }>(`/__sim/deliveries?openid=${openid}`);
    const templates = items.filter((item) => item.kind === 'template');
    // The worker sends concurrently: find each card by what it is, not by arrival order.
    expect(templates.map((item) => item.payload.template_id).sort()).toEqual(
      [SIMULATOR_TEMPLATES.balance.id, SIMULATOR_TEMPLATES.balance.id, SIMULATOR_TEMPLATES.shipped.id].sort(),
    );
    const balanceCards = templates.filter(
      (item) => item.payload.template_id === SIMULATOR_TEMPLATES.balance.id,
    );
    const credit = balanceCards.find((item) => item.payload.data.thing3?.value.includes('门店充值'))!;
    const debit = balanceCards.find((item) => item !== credit)!;
    const ship = templates.find((item) => item.payload.template_id === SIMULATOR_TEMPLATES.shipped.id)!;
    expect(credit.payload.url).toBe(`${stack.apiUrl}/shop/balance`);
    expect(credit.payload.data.amount1?.value).toBe('¥500.00');
    expect(credit.payload.data.amount2?.value).toBe('¥500.00');
    expect(credit.payload.data.thing3?.value).toContain('门店充值');
    expect(debit.payload.data.amount2?.value).toBe('¥201.00');
    expect(debit.payload.data.thing3?.value).toBe('支出 订单支付');
    expect(ship.payload.url).toBe(`${stack.apiUrl}/shop/orders/${order.id}`);
    expect(ship.payload.data.character_string2?.value).toBe(order.orderNo);
    expect(ship.payload.data.thing4?.value).toContain('法式碎花连衣裙');
    expect(ship.payload.data.thing13?.value).toBe('顺丰速运');
    expect(ship.payload.data.character_string14?.value).toBe('SF1400012345678');
    expect(ship.payload.data.time12?.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // One delivery each: client_msg_id is the outbox key.
    expect(new Set(templates.map((item) => item.clientMsgId)).size).toBe(3);
    expect(ship.clientMsgId).toBe(`shipped:${order.id}`);

    // The fan sees the ledger: top-up, then the payment.
    const ledger = (await (await shop('GET', '/api/shop/balance/transactions')).json()) as {
      items: { kind: string; amountFen: number; balanceAfterFen: number }[];
    };
    expect(ledger.items.map((entry) => [entry.kind, entry.amountFen, entry.balanceAfterFen])).toEqual([
      ['spend', -29_900, 20_100],
      ['topup', 50_000, 50_000],
    ]);
  });
});
