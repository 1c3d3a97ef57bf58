/**
 * Names every plain object already has (`constructor`, `toString`, …) arriving where the simulator
 * looks a value up: template ids and field keys, customer-service and mass msgtypes, and the MsgType of
 * a passive reply. Each must be treated as the unknown name it is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWeChatSim } from './sim.ts';
import { postJson, startTestWebhook } from './testing.ts';
import type { TestWebhook } from './testing.ts';

const RESERVED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const APP = { appId: 'wx_test_app', secret: 'test-secret', token: 'test-token' };

const hooks: TestWebhook[] = [];
afterEach(async () => {
  await Promise.all(hooks.splice(0).map((hook) => hook.close()));
});

function setup(webhookUrl = 'http://127.0.0.1:9/wechat') {
  const sim = createWeChatSim({
    ...APP,
    webhookUrl,
    webhookTimeoutMs: 1000,
    templates: { TPL_SHIPPED: { title: '订单发货通知', labels: { character_string2: '订单号' } } },
  });
  const send = (path: string, body: unknown) =>
    postJson(sim.app, `${path}?access_token=${sim.state.issueAccessToken()}`, body);
  return { sim, send };
}

describe('user-controlled names in the simulator', () => {
  it.each(RESERVED)('shows a template with the id %j under the default title', async (key) => {
    const { sim, send } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    const response = await send('/cgi-bin/message/template/send', {
      touser: fan.openid,
      template_id: key,
      data: { thing4: { value: '顺丰速运' } },
    });
    expect(await response.json()).toMatchObject({ errcode: 0 });
    expect(sim.state.chat(fan.openid).at(-1)).toMatchObject({ type: 'template', title: '模板消息' });
  });

  it.each(RESERVED)('labels a template field named %j with its own name', async (key) => {
    const { sim, send } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    await send('/cgi-bin/message/template/send', {
      touser: fan.openid,
      template_id: 'TPL_SHIPPED',
      data: JSON.parse(`{"${key}": {"value": "x"}, "character_string2": {"value": "WS1"}}`),
    });
    const card = sim.state.chat(fan.openid).at(-1) as { lines: { key: string; label: unknown }[] };
    for (const line of card.lines) expect(typeof line.label).toBe('string');
    expect(card.lines.find((line) => line.key === 'character_string2')?.label).toBe('订单号');
  });

  it.each(RESERVED)(
    'shows a customer-service or mass message of msgtype %j as a placeholder',
    async (key) => {
      const { sim, send } = setup();
      const fan = sim.state.createFan({ subscribed: true });
      await sim.state.sendText(fan.openid, 'hi');
      const before = sim.state.chat(fan.openid).length;
      await send('/cgi-bin/message/custom/send', { touser: fan.openid, msgtype: key });
      await send('/cgi-bin/message/mass/send', { touser: [fan.openid, fan.openid], msgtype: key });
      const items = sim.state.chat(fan.openid).slice(before);
      expect(items.map((item) => (item as { text?: unknown }).text)).toEqual([`[${key}]`, `[${key}]`]);
    },
  );

  it.each(RESERVED)('refuses a passive reply of MsgType %j as unknown', async (key) => {
    const hook = await startTestWebhook({ ...APP, reply: () => undefined });
    hooks.push(hook);
    const { sim } = setup(hook.url);
    const fan = sim.state.createFan({ subscribed: true });
    hook.setReply((message) => ({
      raw: `<xml><ToUserName><![CDATA[${String(message.FromUserName)}]]></ToUserName><FromUserName><![CDATA[gh_weshop_sim]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[${key}]]></MsgType></xml>`,
    }));
    const result = await sim.state.sendText(fan.openid, 'hi');
    expect(result.webhook?.error).toContain(`unknown MsgType ${key}`);
  });
});
