import { describe, expect, it } from 'vitest';
import { createWeChatSim } from '../sim.ts';
import { postJson, readJson } from '../testing.ts';

function setup() {
  const sim = createWeChatSim({
    appId: 'wx_a',
    secret: 's',
    token: 't',
    webhookUrl: 'http://127.0.0.1:9/wechat',
  });
  const token = () => sim.state.issueAccessToken();
  const post = (path: string, body: unknown) => postJson(sim.app, `${path}?access_token=${token()}`, body);
  const get = (path: string, query = '') =>
    readJson(sim.app.request(`${path}?access_token=${token()}${query}`)) as Promise<Record<string, unknown>>;
  return { sim, post, get };
}

describe('QR codes', () => {
  it('creates a permanent string-scene code whose ticket a follow uses', async () => {
    const { sim, post } = setup();
    const res = await post('/cgi-bin/qrcode/create', {
      action_name: 'QR_LIMIT_STR_SCENE',
      action_info: { scene: { scene_str: 'store_A' } },
    });
    const qr = (await res.json()) as { ticket: string; url: string; expire_seconds?: number };
    expect(qr.url).toMatch(/^http:\/\/weixin\.qq\.com\/q\//);
    expect(qr.expire_seconds).toBeUndefined();
    const image = await sim.app.request(`/cgi-bin/showqrcode?ticket=${encodeURIComponent(qr.ticket)}`);
    expect(image.headers.get('content-type')).toContain('image/svg+xml');
    expect(await image.text()).toContain('store_A');
    const fan = sim.state.createFan();
    await sim.state.follow(fan.openid, { ticket: qr.ticket });
    expect(sim.state.fan(fan.openid)?.qrSceneStr).toBe('store_A');
  });

  it('creates a temporary code with expire_seconds', async () => {
    const { post } = setup();
    const res = await post('/cgi-bin/qrcode/create', {
      action_name: 'QR_STR_SCENE',
      expire_seconds: 600,
      action_info: { scene: { scene_str: 'flyer' } },
    });
    expect(await res.json()).toMatchObject({ expire_seconds: 600, ticket: expect.any(String) });
  });
});

describe('menu', () => {
  it('stores the menu, returns it, and rejects four top-level buttons', async () => {
    const { sim, post, get } = setup();
    const button = [
      { type: 'view', name: '商城', url: 'http://localhost:3000/' },
      { name: '服务', sub_button: [{ type: 'click', name: '联系客服', key: 'CONTACT' }] },
    ];
    expect(await (await post('/cgi-bin/menu/create', { button })).json()).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect(await get('/cgi-bin/menu/get')).toEqual({ menu: { button } });
    expect(sim.state.menu()).toEqual(button);
    const tooMany = await post('/cgi-bin/menu/create', { button: [...button, ...button] });
    expect(await tooMany.json()).toMatchObject({ errcode: 40016 });
  });

  it('answers 46003 when there is no menu', async () => {
    const { get } = setup();
    expect(await get('/cgi-bin/menu/get')).toMatchObject({ errcode: 46003 });
  });
});

describe('users and tags', () => {
  it('returns user info for followers and only subscribe 0 for others', async () => {
    const { sim, post, get } = setup();
    const fan = sim.state.createFan({ nickname: '阿明', subscribed: true });
    await post('/cgi-bin/tags/create', { tag: { name: '老客户' } });
    const tagid = sim.state.tags()[0]?.id;
    await post('/cgi-bin/tags/members/batchtagging', { openid_list: [fan.openid], tagid });
    expect(await get('/cgi-bin/user/info', `&openid=${fan.openid}&lang=zh_CN`)).toMatchObject({
      subscribe: 1,
      openid: fan.openid,
      nickname: '阿明',
      subscribe_scene: 'ADD_SCENE_SEARCH',
      tagid_list: [tagid],
    });
    expect(await get('/cgi-bin/tags/get')).toEqual({ tags: [{ id: tagid, name: '老客户', count: 1 }] });
    const other = sim.state.createFan();
    expect(await get('/cgi-bin/user/info', `&openid=${other.openid}`)).toEqual({
      subscribe: 0,
      openid: other.openid,
      tagid_list: [],
    });
    expect(await get('/cgi-bin/user/info', '&openid=oNobody')).toMatchObject({ errcode: 40003 });
    await post('/cgi-bin/tags/members/batchuntagging', { openid_list: [fan.openid], tagid });
    expect(sim.state.fan(fan.openid)?.tagIds).toEqual([]);
  });

  it('refuses a duplicate tag name (45157)', async () => {
    const { post } = setup();
    await post('/cgi-bin/tags/create', { tag: { name: '新客户' } });
    expect(await (await post('/cgi-bin/tags/create', { tag: { name: '新客户' } })).json()).toMatchObject({
      errcode: 45157,
    });
  });

  it('answers 47001 for a body that is not JSON', async () => {
    const { sim } = setup();
    const res = await sim.app.request(`/cgi-bin/tags/create?access_token=${sim.state.issueAccessToken()}`, {
      method: 'POST',
      body: 'not json',
    });
    expect(await res.json()).toMatchObject({ errcode: 47001 });
  });
});
