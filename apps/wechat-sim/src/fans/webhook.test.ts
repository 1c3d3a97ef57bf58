import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EncryptMode } from '../options.ts';
import { SERVICE_UNAVAILABLE, createWeChatSim } from '../sim.ts';
import { postJson, readJson, startTestWebhook } from '../testing.ts';
import type { TestWebhook } from '../testing.ts';

const APP = { appId: 'wx_test_app', secret: 'test-secret', token: 'test-token' };
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

const hooks: TestWebhook[] = [];
afterEach(async () => {
  await Promise.all(hooks.splice(0).map((hook) => hook.close()));
});

async function setup(encryptMode: EncryptMode = 'plain', extra: { jobFinishEvents?: boolean } = {}) {
  const aesKey = encryptMode === 'plain' ? undefined : AES_KEY;
  const hook = await startTestWebhook({
    ...APP,
    aesKey,
    reply: (message) => {
      if (message.Event === 'subscribe') return `欢迎关注！${String(message.EventKey ?? '')}`;
      if (message.MsgType === 'text') return `你说：${String(message.Content)}`;
      return undefined;
    },
  });
  hooks.push(hook);
  const sim = createWeChatSim({
    ...APP,
    ...extra,
    aesKey,
    encryptMode,
    webhookUrl: hook.url,
    webhookTimeoutMs: 1000,
  });
  return { sim, hook };
}

describe('fan → webhook', () => {
  it('posts a signed subscribe with qrscene_ and Ticket, and shows the welcome reply', async () => {
    const { sim, hook } = await setup();
    const fan = (await readJson(postJson(sim.app, '/__sim/fans', { nickname: '小红' }))) as {
      openid: string;
    };
    expect(fan.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    const res = await postJson(sim.app, `/__sim/fans/${fan.openid}/follow`, { scene: 'poster_spring' });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { webhook: { ok: boolean } };
    expect(result.webhook.ok).toBe(true);

    expect(hook.rejected).toEqual([]);
    const [request] = hook.received;
    expect(request?.encrypted).toBe(false);
    expect(request?.contentType).toContain('text/xml');
    expect(request?.query.openid).toBe(fan.openid);
    expect(request?.message).toMatchObject({
      ToUserName: 'gh_weshop_sim',
      FromUserName: fan.openid,
      MsgType: 'event',
      Event: 'subscribe',
      EventKey: 'qrscene_poster_spring',
    });
    const ticket = String(request?.message.Ticket);
    expect(sim.state.qrTickets().find((qr) => qr.ticket === ticket)?.scene).toBe('poster_spring');
    expect(request?.message.CreateTime).toMatch(/^\d{10}$/);

    const chat = (await readJson(sim.app.request(`/__sim/fans/${fan.openid}/chat`))) as {
      items: { from: string; type: string; text?: string; event?: string }[];
    };
    expect(chat.items).toMatchObject([
      { from: 'fan', type: 'event', event: 'subscribe' },
      { from: 'account', type: 'text', text: '欢迎关注！qrscene_poster_spring' },
    ]);
    expect(sim.state.fan(fan.openid)).toMatchObject({
      subscribed: true,
      subscribeScene: 'ADD_SCENE_QR_CODE',
      qrSceneStr: 'poster_spring',
    });
  });

  it('posts SCAN with the bare scene when already following', async () => {
    const { sim, hook } = await setup();
    const fan = sim.state.createFan({ subscribed: true });
    await sim.state.follow(fan.openid, { scene: '42' });
    expect(hook.received[0]?.message).toMatchObject({ Event: 'SCAN', EventKey: '42' });
  });

  it('posts text with a 64-bit MsgId written as a bare number', async () => {
    const { sim, hook } = await setup();
    const fan = sim.state.createFan({ subscribed: true });
    const result = await sim.state.sendText(fan.openid, '连衣裙');
    expect(BigInt(result.msgId)).toBeGreaterThan(2n ** 53n);
    const request = hook.received[0];
    expect(request?.body).toContain(`<MsgId>${result.msgId}</MsgId>`);
    expect(request?.message).toMatchObject({ MsgType: 'text', Content: '连衣裙', MsgId: result.msgId });
    expect(sim.state.chat(fan.openid).map((item) => item.type === 'text' && item.text)).toEqual([
      '连衣裙',
      '你说：连衣裙',
    ]);
  });

  it('encrypts both ways in safe mode', async () => {
    const { sim, hook } = await setup('safe');
    const fan = sim.state.createFan();
    const result = await sim.state.follow(fan.openid, { scene: 'vip' });
    expect(result.webhook?.ok).toBe(true);
    expect(hook.rejected).toEqual([]);
    const request = hook.received[0];
    expect(request?.encrypted).toBe(true);
    expect(request?.query.msg_signature).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(request?.outer ?? {}).sort()).toEqual(['Encrypt', 'ToUserName']);
    expect(request?.message).toMatchObject({
      Event: 'subscribe',
      EventKey: 'qrscene_vip',
      FromUserName: fan.openid,
    });
    expect(result.webhook?.body).toContain('<Encrypt>');
    expect(sim.state.chat(fan.openid).at(-1)).toMatchObject({ type: 'text', text: '欢迎关注！qrscene_vip' });
  });

  it('sends plaintext fields and Encrypt together in compatible mode', async () => {
    const { sim, hook } = await setup('compatible');
    const fan = sim.state.createFan({ subscribed: true });
    await sim.state.sendText(fan.openid, 'hi');
    const request = hook.received[0];
    expect(request?.outer).toMatchObject({ MsgType: 'text', Content: 'hi' });
    expect(typeof request?.outer.Encrypt).toBe('string');
    expect(sim.state.chat(fan.openid).at(-1)).toMatchObject({ type: 'text', text: '你说：hi' });
  });

  it('shows WeChat’s error text for an invalid reply', async () => {
    const { sim, hook } = await setup();
    const fan = sim.state.createFan({ subscribed: true });
    hook.setReply(() => ({ raw: '{"reply":"json is not XML"}' }));
    const result = await sim.state.sendText(fan.openid, '你好');
    expect(result.webhook?.ok).toBe(false);
    expect(sim.state.chat(fan.openid).at(-1)).toMatchObject({ type: 'notice', text: SERVICE_UNAVAILABLE });
    expect(SERVICE_UNAVAILABLE).toBe('该公众号暂时无法提供服务，请稍后再试');
  });

  it('rejects a plaintext reply in safe mode, a 500 and a late answer', async () => {
    const { sim, hook } = await setup('safe');
    const fan = sim.state.createFan({ subscribed: true });
    const plain = `<xml><ToUserName><![CDATA[${fan.openid}]]></ToUserName><FromUserName><![CDATA[gh_weshop_sim]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]></Content></xml>`;
    hook.setReply(() => ({ raw: plain }));
    expect((await sim.state.sendText(fan.openid, 'a')).webhook?.error).toContain('safe mode');
    hook.setReply(() => ({ raw: 'oops', status: 500 }));
    expect((await sim.state.sendText(fan.openid, 'b')).webhook?.error).toBe('HTTP 500');
    hook.setReply(() => ({ raw: 'success', delayMs: 1500 }));
    expect((await sim.state.sendText(fan.openid, 'c')).webhook?.error).toContain('no answer within');
    const notices = sim.state.chat(fan.openid).filter((item) => item.type === 'notice');
    expect(notices).toHaveLength(3);
  });

  it('shows nothing for success, and a news card for a news reply', async () => {
    const { sim, hook } = await setup();
    const fan = sim.state.createFan({ subscribed: true });
    hook.setReply(() => undefined);
    await sim.state.click(fan.openid, 'MENU_NEW');
    expect(hook.received[0]?.message).toMatchObject({
      MsgType: 'event',
      Event: 'CLICK',
      EventKey: 'MENU_NEW',
    });
    expect(sim.state.chat(fan.openid).map((item) => item.type)).toEqual(['event']);
    hook.setReply((message) => ({
      raw: `<xml><ToUserName><![CDATA[${String(message.FromUserName)}]]></ToUserName><FromUserName><![CDATA[gh_weshop_sim]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[news]]></MsgType><ArticleCount>1</ArticleCount><Articles><item><Title><![CDATA[连衣裙 3 件]]></Title><Description><![CDATA[点开看看]]></Description><PicUrl><![CDATA[http://localhost:3000/p.png]]></PicUrl><Url><![CDATA[http://localhost:3000/search?q=dress]]></Url></item></Articles></xml>`,
    }));
    await sim.state.sendText(fan.openid, 'dress');
    expect(sim.state.chat(fan.openid).at(-1)).toMatchObject({
      type: 'news',
      articles: [
        {
          title: '连衣裙 3 件',
          url: 'http://localhost:3000/search?q=dress',
          picUrl: 'http://localhost:3000/p.png',
        },
      ],
    });
  });

  it('posts unsubscribe; template messages then answer 43004', async () => {
    const { sim, hook } = await setup();
    const fan = sim.state.createFan({ subscribed: true });
    await postJson(sim.app, `/__sim/fans/${fan.openid}/unfollow`, {});
    expect(hook.received[0]?.message).toMatchObject({ Event: 'unsubscribe' });
    const send = await postJson(
      sim.app,
      `/cgi-bin/message/template/send?access_token=${sim.state.issueAccessToken()}`,
      {
        touser: fan.openid,
        template_id: 'T',
        data: {},
      },
    );
    expect(await send.json()).toMatchObject({ errcode: 43004 });
    const refused = await postJson(sim.app, `/__sim/fans/${fan.openid}/messages`, { text: 'hi' });
    expect(refused.status).toBe(409);
  });

  it('shows the error text when the webhook cannot be reached', async () => {
    const sim = createWeChatSim({ ...APP, webhookUrl: 'http://127.0.0.1:9/wechat' });
    const fan = sim.state.createFan();
    const result = await sim.state.follow(fan.openid);
    expect(result.webhook?.ok).toBe(false);
    expect(sim.state.fan(fan.openid)?.subscribed).toBe(true);
    expect(sim.state.chat(fan.openid).at(-1)).toMatchObject({ type: 'notice', text: SERVICE_UNAVAILABLE });
  });

  it('shows an encrypted news reply in safe mode', async () => {
    const { sim, hook } = await setup('safe');
    const fan = sim.state.createFan({ subscribed: true });
    const article = {
      title: '连衣裙',
      description: '夏季新款',
      picUrl: 'http://x/1.png',
      url: 'http://x/s?q=1',
    };
    hook.setReply(() => ({ news: [article] }));
    const result = await sim.state.sendText(fan.openid, '连衣裙');
    expect(result.webhook?.ok).toBe(true);
    expect(sim.state.chat(fan.openid).at(-1)).toMatchObject({ type: 'news', articles: [article] });
  });

  it('posts TEMPLATESENDJOBFINISH with the msgid when asked to', async () => {
    const { sim, hook } = await setup('safe', { jobFinishEvents: true });
    const fan = sim.state.createFan({ subscribed: true });
    const res = await postJson(
      sim.app,
      `/cgi-bin/message/template/send?access_token=${sim.state.issueAccessToken()}`,
      {
        touser: fan.openid,
        template_id: 'T',
        data: { thing1: { value: '已发货' } },
      },
    );
    const msgid = /"msgid":(\d+)/.exec(await res.text())?.[1];
    await vi.waitFor(() => expect(hook.received).toHaveLength(1));
    expect(hook.received[0]?.message).toMatchObject({
      MsgType: 'event',
      Event: 'TEMPLATESENDJOBFINISH',
      MsgID: msgid,
      Status: 'success',
      FromUserName: fan.openid,
    });
  });
});
