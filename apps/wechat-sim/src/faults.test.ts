import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWeChatSim } from './sim.ts';
import { postJson, readJson } from './testing.ts';

const PATH = '/cgi-bin/message/template/send';

function setup() {
  const sim = createWeChatSim({
    appId: 'wx_test_app',
    secret: 'test-secret',
    token: 'test-token',
    webhookUrl: 'http://127.0.0.1:9/wechat',
  });
  const fan = sim.state.createFan({ subscribed: true });
  const body = (clientMsgId: string) => ({
    touser: fan.openid,
    template_id: 'TPL',
    data: { thing1: { value: '已发货' } },
    client_msg_id: clientMsgId,
  });
  const send = (clientMsgId = 'k') =>
    postJson(sim.app, `${PATH}?access_token=${sim.state.issueAccessToken()}`, body(clientMsgId));
  return { sim, fan, send, body };
}

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

describe('scripted faults', () => {
  it('answers the errcode `times` times, then the real thing', async () => {
    const { sim, send } = setup();
    const added = await postJson(sim.app, '/__sim/faults', {
      path: PATH,
      times: 2,
      fault: { errcode: -1, errmsg: 'system busy' },
    });
    expect(added.status).toBe(201);
    expect(await (await send()).json()).toEqual({ errcode: -1, errmsg: 'system busy' });
    expect(await (await send()).json()).toEqual({ errcode: -1, errmsg: 'system busy' });
    expect(await (await send()).json()).toMatchObject({ errcode: 0 });
    expect(sim.state.deliveries()).toHaveLength(1);
    const calls = (await readJson(sim.app.request(`/__sim/calls?path=${encodeURIComponent(PATH)}`))) as {
      items: { errcode: number; fault?: unknown; query: Record<string, string>; body: { touser: string } }[];
    };
    expect(calls.items.map((call) => call.errcode)).toEqual([-1, -1, 0]);
    expect(calls.items[0]?.fault).toMatchObject({ errcode: -1 });
    expect(calls.items[0]?.query.access_token).toBeDefined();
    expect(calls.items[0]?.body.touser).toBeDefined();
  });

  it('answers an HTML 502 page', async () => {
    const { sim, send } = setup();
    sim.state.addFault({ path: PATH, fault: { status: 502, html: true } });
    const res = await send();
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('502 Bad Gateway');
    expect((await send()).status).toBe(200);
  });

  it('can fail after processing, so the same client_msg_id is delivered once', async () => {
    const { sim, send } = setup();
    sim.state.addFault({ path: PATH, fault: { status: 504, html: true, processed: true } });
    expect((await send('ship:1')).status).toBe(504);
    const retry = await send('ship:1');
    expect(await retry.json()).toMatchObject({ errcode: 0 });
    expect(sim.state.deliveries()).toHaveLength(1);
    expect(sim.state.calls(PATH)).toHaveLength(2);
  });

  it('delays the answer', async () => {
    const { sim, send } = setup();
    sim.state.addFault({ path: PATH, fault: { delayMs: 250 } });
    const started = performance.now();
    expect(await (await send()).json()).toMatchObject({ errcode: 0 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    const fast = performance.now();
    await send('other');
    expect(performance.now() - fast).toBeLessThan(200);
  });

  it('resets the connection mid-response on a real server, after delivering', async () => {
    const { sim, body } = setup();
    const server = serve({ fetch: sim.app.fetch, hostname: '127.0.0.1', port: 0 });
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    sim.state.addFault({ path: PATH, fault: { destroy: true } });
    const url = `http://127.0.0.1:${port}${PATH}?access_token=${sim.state.issueAccessToken()}`;
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body('x')),
    };
    await expect(fetch(url, init)).rejects.toThrow();
    expect(sim.state.deliveries()).toHaveLength(1);
    const retry = await fetch(url, init);
    expect(await retry.json()).toMatchObject({ errcode: 0 });
    expect(sim.state.deliveries()).toHaveLength(1);
  });

  it('clears faults with DELETE /__sim/faults', async () => {
    const { sim, send } = setup();
    sim.state.addFault({ path: PATH, times: 5, fault: { errcode: 45009 } });
    const res = await sim.app.request('/__sim/faults', { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await (await send()).json()).toMatchObject({ errcode: 0 });
  });

  it('rejects a malformed fault', async () => {
    const { sim } = setup();
    const res = await postJson(sim.app, '/__sim/faults', { path: PATH, fault: { explode: true } });
    expect(res.status).toBe(400);
  });

  it('lists deliveries and resets everything', async () => {
    const { sim, send } = setup();
    await send();
    const list = (await readJson(sim.app.request('/__sim/deliveries'))) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    expect((await sim.app.request('/__sim/reset', { method: 'POST' })).status).toBe(204);
    expect(sim.state.deliveries()).toHaveLength(0);
    expect(sim.state.fans()).toHaveLength(0);
  });
});
