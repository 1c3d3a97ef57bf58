import { describe, expect, it } from 'vitest';
import { createWeChatSim } from './sim.ts';
import { postJson, readJson } from './testing.ts';

const CREDS = { appId: 'wx_test_app', secret: 'test-secret', token: 'test-token' };

function setup() {
  let now = Date.UTC(2026, 0, 1);
  const sim = createWeChatSim({ ...CREDS, webhookUrl: 'http://127.0.0.1:9/wechat', now: () => now });
  const advance = (ms: number) => {
    now += ms;
  };
  const stable = async (force = false) =>
    (await readJson(
      postJson(sim.app, '/cgi-bin/stable_token', {
        grant_type: 'client_credential',
        appid: CREDS.appId,
        secret: CREDS.secret,
        force_refresh: force,
      }),
    )) as { access_token: string; expires_in: number };
  const tagsWith = async (token: string) =>
    (await readJson(sim.app.request(`/cgi-bin/tags/get?access_token=${token}`))) as {
      errcode?: number;
    };
  return { sim, advance, stable, tagsWith };
}

describe('access_token', () => {
  it('issues a stable token and returns the same one while it is valid', async () => {
    const { stable, tagsWith } = setup();
    const first = await stable();
    expect(first.expires_in).toBe(7200);
    expect(first.access_token.length).toBeGreaterThan(100);
    const second = await stable();
    expect(second.access_token).toBe(first.access_token);
    expect((await tagsWith(first.access_token)).errcode).toBeUndefined();
  });

  it('answers 42001 when the token has expired, and a new token after', async () => {
    const { stable, tagsWith, advance } = setup();
    const first = await stable();
    advance(7200 * 1000);
    expect(await tagsWith(first.access_token)).toMatchObject({ errcode: 42001 });
    const next = await stable();
    expect(next.access_token).not.toBe(first.access_token);
    expect((await tagsWith(next.access_token)).errcode).toBeUndefined();
  });

  it('renews in the last 5 minutes without breaking the old token', async () => {
    const { stable, tagsWith, advance } = setup();
    const first = await stable();
    advance((7200 - 200) * 1000);
    const next = await stable();
    expect(next.access_token).not.toBe(first.access_token);
    expect((await tagsWith(first.access_token)).errcode).toBeUndefined();
  });

  it('invalidates the old token on force_refresh (40001)', async () => {
    const { stable, tagsWith } = setup();
    const first = await stable();
    const forced = await stable(true);
    expect(forced.access_token).not.toBe(first.access_token);
    expect(await tagsWith(first.access_token)).toMatchObject({ errcode: 40001 });
    expect((await tagsWith(forced.access_token)).errcode).toBeUndefined();
  });

  it('rejects a wrong appid (40013) and a wrong secret (40125)', async () => {
    const { sim } = setup();
    const body = { grant_type: 'client_credential', appid: CREDS.appId, secret: CREDS.secret };
    const badApp = await postJson(sim.app, '/cgi-bin/stable_token', { ...body, appid: 'wx_other' });
    expect(badApp.status).toBe(200);
    expect(await badApp.json()).toMatchObject({ errcode: 40013 });
    const badSecret = await postJson(sim.app, '/cgi-bin/stable_token', { ...body, secret: 'nope' });
    expect(await badSecret.json()).toMatchObject({ errcode: 40125 });
  });

  it('answers 41001 without a token and 40001 for an unknown one', async () => {
    const { sim, tagsWith } = setup();
    expect(await readJson(sim.app.request('/cgi-bin/tags/get'))).toMatchObject({
      errcode: 41001,
    });
    expect(await tagsWith('made-up')).toMatchObject({ errcode: 40001 });
  });

  it('issues a classic token that keeps the previous one for 5 minutes', async () => {
    const { sim, tagsWith, advance } = setup();
    const url = `/cgi-bin/token?grant_type=client_credential&appid=${CREDS.appId}&secret=${CREDS.secret}`;
    const first = (await readJson(sim.app.request(url))) as { access_token: string };
    const second = (await readJson(sim.app.request(url))) as { access_token: string };
    expect(second.access_token).not.toBe(first.access_token);
    expect((await tagsWith(first.access_token)).errcode).toBeUndefined();
    advance(5 * 60 * 1000);
    expect(await tagsWith(first.access_token)).toMatchObject({ errcode: 40001 });
  });

  it('gives a cached jsapi ticket', async () => {
    const { sim, stable } = setup();
    const { access_token } = await stable();
    const url = `/cgi-bin/ticket/getticket?access_token=${access_token}&type=jsapi`;
    const first = (await readJson(sim.app.request(url))) as { ticket: string; errcode: number };
    const second = (await readJson(sim.app.request(url))) as { ticket: string };
    expect(first.errcode).toBe(0);
    expect(second.ticket).toBe(first.ticket);
  });
});
