/**
 * Every place a WeChat or HTTP value becomes an object key, tried with the names every plain object
 * already has (`__proto__`, `constructor`, `toString`, …): menu CLICK keys, menu reply keys in
 * settings, setting names, SKU spec names, docs asset names, query names on every GET route, JSON body
 * keys on every write route, text messages and cookie names. None may throw, answer a 5xx or find
 * something staff never configured. (The XML parser's element names are covered in
 * packages/wechat/src/xml.test.ts, the simulator's in apps/wechat-sim.)
 */
import { DEFAULT_SETTINGS } from '@weshop/core';
import { parseWeChatXml } from '@weshop/wechat';
import { testDialects } from '@weshop/db/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { createTestApp, loginAsAdmin, postWebhook, signInFan } from './testing.ts';
import type { AdminClient, SessionClient, TestApp } from './testing.ts';

const RESERVED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;
/** The keys a plain object can hold as its own (`__proto__` it cannot: it sets the prototype). */
const OWNABLE = RESERVED.filter((key) => key !== '__proto__');

/** Spec names are at most 10 characters. */
const SPEC_NAMES = OWNABLE.filter((key) => key.length <= 10);

/** Every route of the app with `method`, its parameters filled with `1`. */
function routesOf(t: TestApp, method: string, prefix: string): string[] {
  const paths = t.app.routes
    .filter((route) => route.method === method && route.path.startsWith(prefix) && !route.path.includes('*'))
    .map((route) => route.path.replace(/:[A-Za-z]+/g, '1'));
  return [...new Set(paths)];
}

describe.each(testDialects())('user-controlled object keys on %s', (dialect) => {
  let t: TestApp;
  let admin: AdminClient;
  let fan: SessionClient;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAsAdmin(t);
    fan = await signInFan(t, 'oReservedKeys0000000000000001');
  });
  afterAll(() => t.close());

  // The webhook answers `success` even when its handler throws: a logged error is how a throw shows.
  let errors: MockInstance;
  beforeEach(() => {
    errors = vi.spyOn(t.deps.logger, 'error');
  });
  afterEach(() => {
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  const webhook = (fields: Record<string, string>) =>
    postWebhook(t, {
      ToUserName: 'gh_test_account',
      FromUserName: 'oReservedKeysFan0000000000001',
      CreateTime: Math.floor(Date.now() / 1000) + ++seq,
      ...fields,
    });

  it.each(RESERVED)('answers a menu CLICK with EventKey %j with success', async (key) => {
    const response = await webhook({ MsgType: 'event', Event: 'CLICK', EventKey: key });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('success');
  });

  it.each(OWNABLE)('answers a CLICK with the reply staff configured for the key %j', async (key) => {
    const replies = { ...DEFAULT_SETTINGS.menu_replies, [key]: { type: 'text', text: `按钮 ${key}` } };
    expect((await admin.json('PUT', '/api/admin/settings/menu_replies', replies)).status).toBe(200);
    try {
      const stored = (await (await admin.request('/api/admin/settings/menu_replies')).json()) as object;
      expect(Object.hasOwn(stored, key)).toBe(true);
      const response = await webhook({ MsgType: 'event', Event: 'CLICK', EventKey: key });
      expect(parseWeChatXml(await response.text())).toMatchObject({
        MsgType: 'text',
        Content: `按钮 ${key}`,
      });
    } finally {
      await admin.json('PUT', '/api/admin/settings/menu_replies', DEFAULT_SETTINGS.menu_replies);
    }
  });

  it('drops a menu reply keyed __proto__ without touching any prototype', async () => {
    const replies = `{"__proto__":{"type":"text","text":"x"},"CONTACT":{"type":"text","text":"y"}}`;
    const response = await admin.request('/api/admin/settings/menu_replies', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: replies,
    });
    expect(response.status).toBe(200);
    const stored = (await response.json()) as object;
    expect(Object.keys(stored)).toEqual(['CONTACT']);
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).text).toBeUndefined();
    await admin.json('PUT', '/api/admin/settings/menu_replies', DEFAULT_SETTINGS.menu_replies);
  });

  it('refuses a menu CLICK key named __proto__ (no reply can be kept under it), naming the field', async () => {
    const menu = { button: [{ type: 'click', name: '试试', key: '__proto__' }] };
    const refused = await admin.json('PUT', '/api/admin/settings/menu', menu);
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path)).toContain('button.0.key');
  });

  it.each(RESERVED)('answers the setting name %j with 400, never a 5xx', async (key) => {
    const read = await admin.request(`/api/admin/settings/${encodeURIComponent(key)}`);
    expect(read.status).toBe(400);
    const write = await admin.json('PUT', `/api/admin/settings/${encodeURIComponent(key)}`, { type: 'text' });
    expect(write.status).toBe(400);
  });

  it.each(SPEC_NAMES)('keeps a SKU spec named %j', async (key) => {
    const created = await admin.json('POST', '/api/admin/products', {
      title: `规格 ${key}`,
      onShelf: true,
      skus: [
        { spec: { [key]: '红' }, priceFen: 100, stock: 1 },
        { spec: { [key]: '蓝' }, priceFen: 100, stock: 1 },
      ],
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const product = (await (await t.request(`/api/shop/products/${id}`)).json()) as {
      skus: { spec: Record<string, string> }[];
      specOptions: { name: string; values: string[] }[];
    };
    expect(product.skus.map((sku) => Object.hasOwn(sku.spec, key) && sku.spec[key])).toEqual(['红', '蓝']);
    expect(product.specOptions).toEqual([{ name: key, values: ['红', '蓝'] }]);
  });

  it.each(RESERVED)('answers the docs asset %j with 404', async (key) => {
    const response = await t.request(`/api/docs/assets/${encodeURIComponent(key)}`);
    expect(response.status).toBe(404);
  });

  it('answers every GET route with reserved query names without a 5xx', async () => {
    const query = RESERVED.map((key) => `${key}=1&${key}[x]=2`).join('&');
    const paths = [...routesOf(t, 'GET', '/api/'), ...routesOf(t, 'GET', '/oauth/'), '/healthz'];
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      for (const client of [admin, fan]) {
        const response = await client.request(`${path}?${query}`);
        expect(response.status, `GET ${path}`).toBeLessThan(500);
      }
    }
  });

  it('answers every write route with reserved JSON keys without a 5xx', async () => {
    const body = `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"toString":1,"hasOwnProperty":"x","valueOf":null}`;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of [...routesOf(t, method, '/api/shop/'), ...routesOf(t, method, '/api/admin/')]) {
        if (path === '/api/admin/session') continue;
        for (const client of [admin, fan]) {
          const response = await client.request(path, {
            method,
            headers: { 'content-type': 'application/json', 'idempotency-key': `reserved-${++seq}` },
            body,
          });
          expect(response.status, `${method} ${path}`).toBeLessThan(500);
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(RESERVED)('answers the text message %j', async (key) => {
    const response = await webhook({ MsgType: 'text', Content: key, MsgId: String(9_000_000 + ++seq) });
    expect(response.status).toBe(200);
    expect(['text', 'news']).toContain(parseWeChatXml(await response.text()).MsgType);
  });

  it.each(RESERVED)('answers the text %j with the keyword rule staff made for it', async (key) => {
    const rule = await admin.json('POST', '/api/admin/keyword-rules', {
      keyword: key,
      match: 'exact',
      reply: { type: 'text', text: `规则 ${key}` },
    });
    expect(rule.status).toBe(201);
    const response = await webhook({ MsgType: 'text', Content: key, MsgId: String(9_100_000 + ++seq) });
    expect(parseWeChatXml(await response.text())).toMatchObject({ Content: `规则 ${key}` });
  });

  it.each(RESERVED)('answers a cookie named %j like no session', async (key) => {
    const response = await t.request('/api/shop/me', { headers: { cookie: `${key}=1; weshop_fan=${key}` } });
    expect(response.status).toBe(401);
  });
});
