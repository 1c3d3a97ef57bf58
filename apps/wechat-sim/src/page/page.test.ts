import { describe, expect, it } from 'vitest';
import { createWeChatSim } from '../sim.ts';
import { readJson } from '../testing.ts';

const sim = createWeChatSim({
  appId: 'wx_a',
  secret: 's',
  token: 't',
  webhookUrl: 'http://127.0.0.1:9/wechat',
});

describe('chat page', () => {
  it('serves the page with the chat root at / and /chat', async () => {
    for (const path of ['/', '/chat']) {
      const res = await sim.app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toContain('id="chat-root"');
      expect(html).toContain('lang="zh-CN"');
      expect(html).toContain('/__sim/assets/chat.js');
    }
  });

  it('serves its own script and stylesheet (nothing from a CDN)', async () => {
    const html = await (await sim.app.request('/')).text();
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:href|src)="(\/__sim\/assets\/[^"]+)"/g)].map(
      (match) => match[1] ?? '',
    );
    expect(assets).toEqual(['/__sim/assets/layout.css', '/__sim/assets/phone.css', '/__sim/assets/chat.js']);
    for (const name of ['chat.js', 'dom.js', 'menu.js', 'messages.js']) {
      const js = await sim.app.request(`/__sim/assets/${name}`);
      expect(js.headers.get('content-type')).toContain('javascript');
      const source = await js.text();
      expect(source).not.toContain('innerHTML');
      expect(source).not.toMatch(/from '(?!\.\/)/);
    }
    for (const name of ['layout.css', 'phone.css']) {
      const css = await sim.app.request(`/__sim/assets/${name}`);
      expect(css.headers.get('content-type')).toContain('text/css');
    }
    expect((await sim.app.request('/__sim/assets/secret.txt')).status).toBe(404);
  });

  it('describes the account for the page', async () => {
    const account = await readJson(sim.app.request('/__sim/account'));
    expect(account).toMatchObject({ ghId: 'gh_weshop_sim', encryptMode: 'plain', menu: [] });
  });

  it('answers 404 JSON for unknown sim paths and 48001 for unknown API paths', async () => {
    expect((await sim.app.request('/__sim/nothing')).status).toBe(404);
    const api = await sim.app.request('/cgi-bin/not/simulated');
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ errcode: 48001 });
  });
});
