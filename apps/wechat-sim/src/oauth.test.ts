import { describe, expect, it } from 'vitest';
import { createWeChatSim } from './sim.ts';
import { readJson } from './testing.ts';

const APP = { appId: 'wx_test_app', secret: 'test-secret', token: 'test-token' };

function setup() {
  const sim = createWeChatSim({ ...APP, webhookUrl: 'http://127.0.0.1:9/wechat' });
  const authorize = (query: Record<string, string>, cookie?: string) =>
    sim.app.request(
      `/connect/oauth2/authorize?${new URLSearchParams({
        appid: APP.appId,
        redirect_uri: 'http://localhost:3000/oauth/wechat/callback?redirect=%2Fme',
        response_type: 'code',
        scope: 'snsapi_base',
        state: 'st4te',
        ...query,
      })}`,
      { headers: cookie ? { cookie } : {} },
    );
  const exchange = (code: string) =>
    readJson(
      sim.app.request(
        `/sns/oauth2/access_token?${new URLSearchParams({
          appid: APP.appId,
          secret: APP.secret,
          code,
          grant_type: 'authorization_code',
        })}`,
      ),
    ) as Promise<Record<string, unknown>>;
  return { sim, authorize, exchange };
}

describe('web OAuth', () => {
  it('redirects the current fan back with code and state', async () => {
    const { sim, authorize } = setup();
    const fan = sim.state.createFan({ nickname: '小红' });
    const res = await authorize({}, `sim_openid=${fan.openid}`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('http://localhost:3000/oauth/wechat/callback');
    expect(location.searchParams.get('redirect')).toBe('/me');
    expect(location.searchParams.get('state')).toBe('st4te');
    expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('exchanges a code once; reuse is 40163 and an unknown code 40029', async () => {
    const { sim, authorize, exchange } = setup();
    const fan = sim.state.createFan();
    const res = await authorize({ scope: 'snsapi_userinfo' }, `sim_openid=${fan.openid}`);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const first = await exchange(code);
    expect(first).toMatchObject({ openid: fan.openid, scope: 'snsapi_userinfo', expires_in: 7200 });
    expect(typeof first.access_token).toBe('string');
    expect(typeof first.refresh_token).toBe('string');
    expect(await exchange(code)).toMatchObject({ errcode: 40163 });
    expect(await exchange('nope')).toMatchObject({ errcode: 40029 });
    const info = await readJson(
      sim.app.request(`/sns/userinfo?access_token=${String(first.access_token)}&openid=${fan.openid}`),
    );
    expect(info).toMatchObject({ openid: fan.openid, nickname: fan.nickname });
  });

  it('asks which fan to be when the browser has none, and remembers the choice', async () => {
    const { sim, authorize } = setup();
    const fan = sim.state.createFan({ nickname: '<b>阿明</b>' });
    const page = await authorize({});
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('选择以哪个粉丝登录');
    expect(html).toContain('&lt;b&gt;阿明&lt;/b&gt;');
    expect(html).not.toContain('<b>阿明</b>');
    const picked = await authorize({ sim_openid: fan.openid });
    expect(picked.status).toBe(302);
    expect(picked.headers.get('set-cookie')).toContain(`sim_openid=${fan.openid}`);
    const created = await authorize({ sim_new: '1', nickname: '新人' });
    expect(created.status).toBe(302);
    expect(sim.state.fans().map((f) => f.nickname)).toContain('新人');
  });

  it('refuses a wrong appid or a non-http redirect_uri', async () => {
    const { authorize } = setup();
    expect((await authorize({ appid: 'wx_other' })).status).toBe(400);
    expect((await authorize({ redirect_uri: 'javascript:alert(1)' })).status).toBe(400);
  });

  it('opens card links as the chosen fan through /__sim/open', async () => {
    const { sim } = setup();
    const fan = sim.state.createFan();
    const url = 'http://localhost:3000/search?q=%E8%BF%9E%E8%A1%A3%E8%A3%99';
    const res = await sim.app.request(`/__sim/open?${new URLSearchParams({ openid: fan.openid, url })}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(url);
    expect(res.headers.get('set-cookie')).toContain(`sim_openid=${fan.openid}`);
    const bad = await sim.app.request(`/__sim/open?${new URLSearchParams({ url: 'javascript:alert(1)' })}`);
    expect(bad.status).toBe(400);
  });
});
