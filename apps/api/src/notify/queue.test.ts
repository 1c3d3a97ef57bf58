import { DEFAULT_SHIPPED_FIELDS } from '@weshop/core';
import { findOutboxByKey, putSetting, recordSubscribe, recordUnsubscribe } from '@weshop/db';
import type { DB } from '@weshop/db';
import { createTestDatabase, testDialects } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { SIMULATOR_TEMPLATES } from '@weshop/wechat';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { queueBalanceChanged, queueOrderShipped } from './queue.ts';
import type { BalanceNotice, ShippedNotice } from './queue.ts';

const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://shop.example.com' });
const AT = '2026-11-22T07:05:00.000Z'; // 15:05 in Beijing

describe.each(testDialects())('queueing notifications on %s', (dialect) => {
  let t: TestDatabase;
  let fanId: number;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.deleteFrom('outbox').execute();
    await t.db.deleteFrom('settings').execute();
    await recordSubscribe(t.db, { openid: 'oFan', scene: null });
    fanId = (
      await t.db.selectFrom('fans').select('id').where('openid', '=', 'oFan').executeTakeFirstOrThrow()
    ).id;
  });

  const shipped = (overrides: Partial<ShippedNotice> = {}): ShippedNotice => ({
    orderId: 42,
    orderNo: 'WS20261122000042',
    fanId,
    goods: '法式碎花连衣裙 等 3 件商品（含赠品与包装礼盒）',
    carrier: '顺丰速运',
    trackingNo: 'SF1234567890',
    shippedAt: AT,
    ...overrides,
  });
  const balance = (overrides: Partial<BalanceNotice> = {}): BalanceNotice => ({
    ledgerId: 7,
    fanId,
    kind: 'spend',
    amountFen: -12_550,
    balanceAfterFen: 7_450,
    reason: '订单 WS2026112242',
    at: AT,
    ...overrides,
  });
  const inTrx = (work: (trx: DB) => Promise<void>) => t.db.transaction().execute(work);

  it('queues "order shipped" with the fitted values and the order link', async () => {
    await inTrx((trx) => queueOrderShipped(trx, config, shipped()));
    expect(await findOutboxByKey(t.db, 'shipped:42')).toMatchObject({
      kind: 'template',
      openid: 'oFan',
      status: 'pending',
      nextAttemptAt: AT,
      payload: {
        templateId: SIMULATOR_TEMPLATES.shipped.id,
        url: 'https://shop.example.com/shop/orders/42',
        data: {
          character_string2: { value: 'WS20261122000042' },
          thing4: { value: '法式碎花连衣裙 等 3 件商品（含赠品…' }, // 20 code points
          thing13: { value: '顺丰速运' },
          character_string14: { value: 'SF1234567890' },
          time12: { value: '2026-11-22 15:05' },
        },
      },
    });
  });

  it('queues "balance changed" per ledger entry with the balance link', async () => {
    await inTrx((trx) => queueBalanceChanged(trx, config, balance()));
    await inTrx((trx) =>
      queueBalanceChanged(trx, config, balance({ ledgerId: 8, kind: 'topup', amountFen: 5000, reason: ' ' })),
    );
    expect((await findOutboxByKey(t.db, 'balance:7'))?.payload).toEqual({
      templateId: SIMULATOR_TEMPLATES.balance.id,
      url: 'https://shop.example.com/shop/balance',
      data: {
        amount1: { value: '¥125.50' },
        amount2: { value: '¥74.50' },
        thing3: { value: '支出 订单 WS2026112242' },
        time4: { value: '2026-11-22 15:05' },
      },
    });
    expect((await findOutboxByKey(t.db, 'balance:8'))?.payload).toMatchObject({
      data: { amount1: { value: '¥50.00' }, thing3: { value: '余额充值' } },
    });
  });

  it('is idempotent per order', async () => {
    await inTrx((trx) => queueOrderShipped(trx, config, shipped()));
    await inTrx((trx) => queueOrderShipped(trx, config, shipped({ carrier: '中通快递' })));
    const rows = await t.db.selectFrom('outbox').select('payload').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toContain('顺丰速运');
  });

  it('queues nothing for a fan who unfollowed', async () => {
    await recordUnsubscribe(t.db, 'oFan');
    await inTrx((trx) => queueOrderShipped(trx, config, shipped()));
    await inTrx((trx) => queueBalanceChanged(trx, config, balance()));
    expect(await t.db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('queues nothing without a template id', async () => {
    const wechat = loadConfig({
      NODE_ENV: 'test',
      WECHAT_APPID: 'wx1',
      WECHAT_SECRET: 's',
      WECHAT_TOKEN: 't',
    });
    await inTrx((trx) => queueOrderShipped(trx, wechat, shipped()));
    expect(await t.db.selectFrom('outbox').select('id').execute()).toEqual([]);
  });

  it('uses the template id and field keys from settings over the environment', async () => {
    await putSetting(t.db, 'notification_templates', {
      shipped: {
        templateId: 'TPL_FROM_SETTINGS',
        fields: {
          ...DEFAULT_SHIPPED_FIELDS,
          goods: null,
          carrier: 'thing5',
          trackingNo: 'character_string6',
        },
      },
      balance: {
        templateId: null,
        fields: {
          change: 'amount1',
          balance: 'amount2',
          reason: 'thing3',
          at: 'time4',
          direction: 'phrase5',
        },
      },
    });
    await inTrx((trx) => queueOrderShipped(trx, config, shipped()));
    await inTrx((trx) => queueBalanceChanged(trx, config, balance()));
    const ship = (await findOutboxByKey(t.db, 'shipped:42'))?.payload as { templateId: string; data: object };
    expect(ship.templateId).toBe('TPL_FROM_SETTINGS');
    expect(Object.keys(ship.data).sort()).toEqual([
      'character_string2',
      'character_string6',
      'thing5',
      'time12',
    ]);
    expect((await findOutboxByKey(t.db, 'balance:7'))?.payload).toMatchObject({
      templateId: SIMULATOR_TEMPLATES.balance.id,
      data: { phrase5: { value: '支出' }, thing3: { value: '订单 WS2026112242' } },
    });
  });

  it('rolls back with the business change', async () => {
    await expect(
      inTrx(async (trx) => {
        await queueOrderShipped(trx, config, shipped());
        throw new Error('ship failed');
      }),
    ).rejects.toThrow('ship failed');
    expect(await findOutboxByKey(t.db, 'shipped:42')).toBeUndefined();
  });
});
