import { describe, expect, it } from 'vitest';
import { createWeChatSim } from './sim.ts';
import { postJson, readJson } from './testing.ts';

function setup() {
  let now = Date.UTC(2026, 0, 1);
  const sim = createWeChatSim({
    appId: 'wx_test_app',
    secret: 'test-secret',
    token: 'test-token',
    webhookUrl: 'http://127.0.0.1:9/wechat',
    now: () => now,
    templates: { TPL_SHIPPED: { title: '订单发货通知', labels: { character_string2: '订单号' } } },
  });
  const send = (path: string, body: unknown) =>
    postJson(sim.app, `${path}?access_token=${sim.state.issueAccessToken()}`, body);
  const advance = (ms: number) => {
    now += ms;
  };
  return { sim, send, advance };
}

const template = (touser: string, clientMsgId?: string) => ({
  touser,
  template_id: 'TPL_SHIPPED',
  url: 'http://localhost:3000/orders/1',
  data: { character_string2: { value: 'WS20260101001' }, thing4: { value: '顺丰速运' } },
  client_msg_id: clientMsgId,
});

describe('template/send', () => {
  it('delivers once for two sends with the same client_msg_id and answers the same msgid', async () => {
    const { sim, send } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    const first = await send('/cgi-bin/message/template/send', template(fan.openid, 'ship:WS1'));
    const second = await send('/cgi-bin/message/template/send', template(fan.openid, 'ship:WS1'));
    const [a, b] = [await first.text(), await second.text()];
    const msgid = /"msgid":(\d+)/.exec(a)?.[1];
    expect(msgid).toBeDefined();
    expect(BigInt(msgid ?? 0)).toBeGreaterThan(2n ** 53n);
    expect(/"msgid":(\d+)/.exec(b)?.[1]).toBe(msgid);
    expect(JSON.parse(a)).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(sim.state.deliveries()).toHaveLength(1);
    expect(sim.state.deliveries()[0]).toMatchObject({
      kind: 'template',
      openid: fan.openid,
      clientMsgId: 'ship:WS1',
      msgid,
    });
    expect(sim.state.calls('/cgi-bin/message/template/send')).toHaveLength(2);
    const card = sim.state.chat(fan.openid).at(-1);
    expect(card).toMatchObject({
      type: 'template',
      title: '订单发货通知',
      url: 'http://localhost:3000/orders/1',
      lines: [
        { key: 'character_string2', label: '订单号', value: 'WS20260101001' },
        { key: 'thing4', label: 'thing4', value: '顺丰速运' },
      ],
    });
  });

  it('delivers again after the 10-minute window or with another client_msg_id', async () => {
    const { sim, send, advance } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    await send('/cgi-bin/message/template/send', template(fan.openid, 'k1'));
    await send('/cgi-bin/message/template/send', template(fan.openid, 'k2'));
    advance(10 * 60 * 1000);
    await send('/cgi-bin/message/template/send', template(fan.openid, 'k1'));
    expect(sim.state.deliveries()).toHaveLength(3);
  });

  it('answers 43004 for an unsubscribed or unknown fan and delivers nothing', async () => {
    const { sim, send } = setup();
    const fan = sim.state.createFan({ subscribed: false });
    const res = await send('/cgi-bin/message/template/send', template(fan.openid));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ errcode: 43004 });
    const unknown = await send('/cgi-bin/message/template/send', template('oUnknownOpenid'));
    expect(await unknown.json()).toMatchObject({ errcode: 43004 });
    expect(sim.state.deliveries()).toHaveLength(0);
  });

  it('answers 47003 for a thing value over 20 characters', async () => {
    const { sim, send } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    const body = { ...template(fan.openid), data: { thing4: { value: '一'.repeat(21) } } };
    const res = await send('/cgi-bin/message/template/send', body);
    expect(await res.json()).toMatchObject({
      errcode: 47003,
      errmsg: 'argument invalid! data.thing4.value invalid',
    });
  });

  it('answers 40001 with an invalid token', async () => {
    const { sim } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    const res = await postJson(
      sim.app,
      '/cgi-bin/message/template/send?access_token=bad',
      template(fan.openid),
    );
    expect(await res.json()).toMatchObject({ errcode: 40001 });
  });
});

describe('custom and mass messages', () => {
  it('puts a customer-service text and news card into the chat', async () => {
    const { sim, send } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    const text = await send('/cgi-bin/message/custom/send', {
      touser: fan.openid,
      msgtype: 'text',
      text: { content: '您好' },
    });
    expect(await text.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    const article = {
      title: '连衣裙',
      description: '夏季新款',
      url: 'http://x/p/1',
      picurl: 'http://x/1.jpg',
    };
    await send('/cgi-bin/message/custom/send', {
      touser: fan.openid,
      msgtype: 'news',
      news: { articles: [article] },
    });
    const chat = sim.state.chat(fan.openid);
    expect(chat.map((item) => item.type)).toEqual(['text', 'news']);
    expect(chat[1]).toMatchObject({
      articles: [{ title: '连衣裙', picUrl: 'http://x/1.jpg', url: 'http://x/p/1' }],
    });
    expect(sim.state.deliveries().map((d) => d.kind)).toEqual(['custom', 'custom']);
  });

  it('answers 45015 outside the 48-hour window', async () => {
    const { sim, send, advance } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    advance(49 * 3600 * 1000);
    const res = await send('/cgi-bin/message/custom/send', {
      touser: fan.openid,
      msgtype: 'text',
      text: { content: 'x' },
    });
    expect(await res.json()).toMatchObject({ errcode: 45015 });
  });

  it('mass-sends by tag and by openid list to subscribed fans only', async () => {
    const { sim, send } = setup();
    const [a, b, c] = [
      sim.state.createFan({ subscribed: true }),
      sim.state.createFan({ subscribed: true }),
      sim.state.createFan({ subscribed: false }),
    ];
    const created = (await send('/cgi-bin/tags/create', { tag: { name: '老客户' } }).then((r) =>
      r.json(),
    )) as {
      tag: { id: number };
    };
    const tagid = created.tag.id;
    const tagged = await send('/cgi-bin/tags/members/batchtagging', {
      openid_list: [a.openid, c.openid],
      tagid,
    });
    expect(await tagged.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    const byTag = await send('/cgi-bin/message/mass/sendall', {
      filter: { is_to_all: false, tag_id: tagid },
      msgtype: 'text',
      text: { content: '会员日' },
    });
    expect(await byTag.json()).toMatchObject({ errcode: 0, msg_id: expect.any(Number) });
    expect(sim.state.deliveries().map((d) => d.openid)).toEqual([a.openid]);
    const byList = await send('/cgi-bin/message/mass/send', {
      touser: [a.openid, b.openid, c.openid],
      msgtype: 'text',
      text: { content: '上新' },
      clientmsgid: 'mass-1',
    });
    expect(await byList.json()).toMatchObject({ errcode: 0 });
    expect(sim.state.deliveries()).toHaveLength(3);
    const again = await send('/cgi-bin/message/mass/send', {
      touser: [a.openid, b.openid],
      msgtype: 'text',
      text: { content: '上新' },
      clientmsgid: 'mass-1',
    });
    expect(await again.json()).toMatchObject({ errcode: 45065 });
    expect(sim.state.chat(b.openid)).toMatchObject([{ type: 'text', text: '上新' }]);
  });

  it('refuses more than 50 openids per tagging call', async () => {
    const { sim, send } = setup();
    await send('/cgi-bin/tags/create', { tag: { name: '新客户' } });
    const tagid = sim.state.tags()[0]?.id;
    const openids = Array.from({ length: 51 }, () => sim.state.createFan().openid);
    const res = await send('/cgi-bin/tags/members/batchtagging', { openid_list: openids, tagid });
    expect(await res.json()).toMatchObject({ errcode: 40032 });
    const badTag = await send('/cgi-bin/tags/members/batchtagging', {
      openid_list: [openids[0]],
      tagid: 9999,
    });
    expect(await badTag.json()).toMatchObject({ errcode: 45159 });
  });
});

describe('template quota and clock', () => {
  it('answers 45009 past the daily quota until the next Beijing day', async () => {
    const { sim, send } = setup();
    const fan = sim.state.createFan({ subscribed: true });
    sim.state.setTemplateDailyQuota(1);
    expect(await readJson(send('/cgi-bin/message/template/send', template(fan.openid, 'a')))).toMatchObject({
      errcode: 0,
    });
    expect(await readJson(send('/cgi-bin/message/template/send', template(fan.openid, 'b')))).toMatchObject({
      errcode: 45009,
    });
    sim.state.advanceClock(24 * 3600 * 1000);
    expect(await readJson(send('/cgi-bin/message/template/send', template(fan.openid, 'c')))).toMatchObject({
      errcode: 0,
    });
    expect(sim.state.deliveries()).toHaveLength(2);
  });

  it('moves the clock over HTTP so tokens expire', async () => {
    const { sim } = setup();
    const token = sim.state.issueAccessToken();
    const moved = await postJson(sim.app, '/__sim/clock', { advanceSeconds: 7200 });
    expect(moved.status).toBe(200);
    expect(await readJson(sim.app.request(`/cgi-bin/tags/get?access_token=${token}`))).toMatchObject({
      errcode: 42001,
    });
    expect((await postJson(sim.app, '/__sim/quota', { templateDaily: 0 })).status).toBe(200);
    const fan = sim.state.createFan({ subscribed: true });
    expect(
      await readJson(
        postJson(
          sim.app,
          `/cgi-bin/message/template/send?access_token=${sim.state.issueAccessToken()}`,
          template(fan.openid),
        ),
      ),
    ).toMatchObject({ errcode: 45009 });
  });
});
