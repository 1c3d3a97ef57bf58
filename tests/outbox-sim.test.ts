/**
 * Notifications end to end against the WeChat simulator, wired as `npm start` wires it: queued in a
 * transaction, sent by the outbox worker, shown as a template card in the fan's chat; a fan who
 * unfollowed behind our back (43004) is marked unsubscribed and gets no new notifications.
 */
import { createOutboxWorker, queueBalanceChanged, queueOrderShipped } from '@weshop/api/notify';
import { findOutboxByKey } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { SIMULATOR_TEMPLATES } from '@weshop/wechat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack } from './support/stack.ts';
import type { Stack } from './support/stack.ts';

describe.each(testDialects())('notifications through the simulator on %s', (dialect) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(dialect);
  });
  afterAll(() => stack.close());

  function worker() {
    const app = stack.apps[0]!;
    return createOutboxWorker({
      db: stack.database.db,
      wechat: app.wechat,
      config: app.config,
      now: () => new Date(),
    });
  }

  async function follower(): Promise<{ openid: string; fanId: number }> {
    const { openid } = stack.sim.state.createFan({ nickname: '小绿' });
    await stack.sim.state.follow(openid);
    const fan = await stack.database.db
      .selectFrom('fans')
      .select('id')
      .where('openid', '=', openid)
      .executeTakeFirstOrThrow();
    return { openid, fanId: fan.id };
  }

  it('shows the "order shipped" card in the fan\'s chat, linking to the order', async () => {
    const { openid, fanId } = await follower();
    const config = stack.apps[0]!.config;
    await stack.database.db.transaction().execute((trx) =>
      queueOrderShipped(trx, config, {
        orderId: 9001,
        orderNo: 'WS202611220901',
        fanId,
        goods: '法式碎花连衣裙',
        carrier: '顺丰速运',
        trackingNo: 'SF1234567890',
        shippedAt: new Date().toISOString(),
      }),
    );
    expect(await worker().runOnce()).toBe(1);
    const card = stack.sim.state.chat(openid).find((item) => item.type === 'template');
    expect(card).toMatchObject({
      title: '订单发货通知',
      templateId: SIMULATOR_TEMPLATES.shipped.id,
      url: `${stack.apiUrl}/shop/orders/9001`,
    });
    expect(JSON.stringify(card)).toContain('顺丰速运');
    const delivery = stack.sim.state.deliveries().find((item) => item.clientMsgId === 'shipped:9001');
    expect(await findOutboxByKey(stack.database.db, 'shipped:9001')).toMatchObject({
      status: 'sent',
      wechatMsgId: delivery?.msgid,
    });
  });

  it('marks a fan who unfollowed unsubscribed (43004) and queues nothing more for them', async () => {
    const { openid, fanId } = await follower();
    // The unfollow event never reached us: WeChat still answers 43004.
    stack.sim.state.fan(openid)!.subscribed = false;
    const config = stack.apps[0]!.config;
    const change = { fanId, kind: 'topup' as const, amountFen: 5000, balanceAfterFen: 5000, reason: '充值' };
    await stack.database.db
      .transaction()
      .execute((trx) =>
        queueBalanceChanged(trx, config, { ...change, ledgerId: 9001, at: new Date().toISOString() }),
      );
    await worker().runOnce();
    expect(await findOutboxByKey(stack.database.db, 'balance:9001')).toMatchObject({
      status: 'failed',
      lastErrcode: 43004,
    });
    const fan = await stack.database.db
      .selectFrom('fans')
      .select('subscribed')
      .where('openid', '=', openid)
      .executeTakeFirstOrThrow();
    expect(fan.subscribed).toBe(0);
    await stack.database.db
      .transaction()
      .execute((trx) =>
        queueBalanceChanged(trx, config, { ...change, ledgerId: 9002, at: new Date().toISOString() }),
      );
    expect(await findOutboxByKey(stack.database.db, 'balance:9002')).toBeUndefined();
  });
});
