import { DEFAULT_SETTINGS } from '@weshop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAsAdmin, signInFan } from '../../testing.ts';
import type { AdminClient, TestApp } from '../../testing.ts';

describe('admin settings', () => {
  let t: TestApp;
  let admin: AdminClient;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    admin = await loginAsAdmin(t);
  });
  afterAll(() => t.close());

  it('answers a default until changed, then the stored value', async () => {
    expect(await (await admin.request('/api/admin/settings/welcome')).json()).toEqual(
      DEFAULT_SETTINGS.welcome,
    );
    const reply = { type: 'text', text: '欢迎来到小店！回复「连衣裙」看看新款。' };
    const put = await admin.json('PUT', '/api/admin/settings/welcome', reply);
    expect(put.status).toBe(200);
    expect(await (await admin.request('/api/admin/settings/welcome')).json()).toEqual(reply);
  });

  it('refuses a bad value with the field named, and an unknown key', async () => {
    const bad = await admin.json('PUT', '/api/admin/settings/notification_templates', {
      shipped: { templateId: 'tpl', fields: { orderNo: 'thing99999' } },
      balance: { templateId: null, fields: DEFAULT_SETTINGS.notification_templates.balance.fields },
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.some((error) => error.path.startsWith('shipped.fields'))).toBe(true);
    expect((await admin.request('/api/admin/settings/nonsense')).status).toBe(400);
    expect((await t.request('/api/admin/settings/welcome')).status).toBe(401);
  });

  it('uses a staff-chosen template id and field keys for the next notification', async () => {
    const templates = {
      shipped: {
        templateId: 'TPL_SHOP_SHIPPED',
        fields: { ...DEFAULT_SETTINGS.notification_templates.shipped.fields, orderNo: 'character_string7' },
      },
      balance: DEFAULT_SETTINGS.notification_templates.balance,
    };
    expect((await admin.json('PUT', '/api/admin/settings/notification_templates', templates)).status).toBe(
      200,
    );
    const fan = await signInFan(t, 'o-settings');
    const product = await admin.json('POST', '/api/admin/products', {
      title: '帆布包',
      skus: [{ priceFen: 5900, stock: 3 }],
    });
    const { skus } = (await product.json()) as { skus: { id: number }[] };
    await admin.json('POST', '/api/admin/fans/o-settings/balance', { amountFen: 10000, reason: '充值' });
    const placed = await fan.json('POST', '/api/shop/orders', {
      items: [{ skuId: skus[0]!.id, quantity: 1 }],
      address: { name: '周周', phone: '13911112222', detail: '成都市武侯区天府大道 9 号' },
    });
    const order = (await placed.json()) as { id: number; orderNo: string };
    await fan.json('POST', `/api/shop/orders/${order.id}/pay`, { method: 'balance' });
    await admin.json('POST', `/api/admin/orders/${order.id}/ship`, {
      carrier: '圆通',
      trackingNo: 'YT100200',
    });
    const row = await t.database.db
      .selectFrom('outbox')
      .select('payload')
      .where('dedupe_key', '=', `shipped:${order.id}`)
      .executeTakeFirstOrThrow();
    const payload = JSON.parse(row.payload) as {
      templateId: string;
      data: Record<string, { value: string }>;
    };
    expect(payload.templateId).toBe('TPL_SHOP_SHIPPED');
    expect(payload.data.character_string7?.value).toBe(order.orderNo);
  });
});
