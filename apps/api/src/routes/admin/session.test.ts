import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN, createTestApp, loginAsAdmin } from '../../testing.ts';
import type { TestApp } from '../../testing.ts';

function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** Every admin route from the router table itself, so a new route cannot be forgotten. */
function adminRoutes(t: TestApp): { method: string; path: string }[] {
  const seen = new Set<string>();
  return t.app.routes
    .filter((route) => route.path.startsWith('/api/admin/') && route.method !== 'ALL')
    .filter((route) => !(route.path === '/api/admin/session' && route.method === 'POST'))
    .map((route) => ({ method: route.method, path: route.path.replace(/:[A-Za-z]+/g, '1') }))
    .filter((route) => {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

describe.each(testDialects())('staff session on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(() => t.close());

  it('logs in with the bootstrap owner and returns the user and a CSRF token', async () => {
    const response = await t.request('/api/admin/session', post(TEST_ADMIN));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: { username: string; role: string }; csrfToken: string };
    expect(body.user).toMatchObject({ username: TEST_ADMIN.username, role: 'owner' });
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(32);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^weshop_admin=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(JSON.stringify(body)).not.toContain('password');
  });

  it('answers an unknown user and a wrong password with the same 401 body', async () => {
    const unknown = await t.request(
      '/api/admin/session',
      post({ username: 'nobody', password: 'whatever-it-is' }),
    );
    const wrong = await t.request(
      '/api/admin/session',
      post({ username: TEST_ADMIN.username, password: 'wrong-password!' }),
    );
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip((await unknown.json()) as Record<string, unknown>)).toEqual(
      strip((await wrong.json()) as Record<string, unknown>),
    );
  });

  it('rejects a login body that is not JSON', async () => {
    const response = await t.request('/api/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(TEST_ADMIN),
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { code: string }).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects malformed JSON and missing fields with 400', async () => {
    const malformed = await t.request('/api/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(malformed.status).toBe(400);
    const missing = await t.request('/api/admin/session', post({ username: 'x' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('password');
  });

  it('answers 401 on every admin route without a session', async () => {
    const routes = adminRoutes(t);
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      const response = await t.request(route.path, {
        method: route.method,
        ...(route.method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it('answers 401 for a forged or tampered session cookie', async () => {
    const admin = await loginAsAdmin(t);
    // Change the token's first character to a different one (never a no-op).
    const flipped = admin.cookie.replace(/=(.)/, (_m, c: string) => `=${c === 'A' ? 'B' : 'A'}`);
    for (const cookie of ['weshop_admin=forged', `${admin.cookie}x`, flipped]) {
      const response = await t.request('/api/admin/products', { headers: { cookie } });
      expect(response.status).toBe(401);
    }
  });

  it('requires the CSRF token on state-changing calls', async () => {
    const admin = await loginAsAdmin(t);
    const body = JSON.stringify({ name: '新分类' });
    const headers = { cookie: admin.cookie, 'content-type': 'application/json' };
    const missing = await t.request('/api/admin/categories', { method: 'POST', headers, body });
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { code: string }).code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await t.request('/api/admin/categories', {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': 'x'.repeat(43) },
      body,
    });
    expect(wrong.status).toBe(403);
    const crossOrigin = await t.request('/api/admin/categories', {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': admin.csrfToken, origin: 'https://evil.example' },
      body,
    });
    expect(crossOrigin.status).toBe(403);
    const ok = await admin.json('POST', '/api/admin/categories', { name: '新分类' });
    expect(ok.status).toBe(201);
  });

  it('trusts only PUBLIC_URL as the own origin, never the Host header', async () => {
    const admin = await loginAsAdmin(t);
    const init = (origin: string, host: string) => ({
      method: 'POST',
      headers: {
        cookie: admin.cookie,
        'content-type': 'application/json',
        'x-csrf-token': admin.csrfToken,
        host,
        origin,
      },
      body: JSON.stringify({ name: '换了主机' }),
    });
    for (const host of ['evil.com', 'evil.com:80', 'shop.test.evil.com']) {
      const response = await t.app.request(
        `http://${host}/api/admin/categories`,
        init(`http://${host}`, host),
      );
      expect(response.status, host).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('CSRF_TOKEN_INVALID');
    }
    const own = await t.app.request(
      'http://evil.com/api/admin/categories',
      init('http://shop.test', 'evil.com'),
    );
    expect(own.status).toBe(201);
  });

  it('returns the current session and ends it on logout', async () => {
    const admin = await loginAsAdmin(t);
    const current = await admin.request('/api/admin/session');
    expect(current.status).toBe(200);
    expect(((await current.json()) as { csrfToken: string }).csrfToken).toBe(admin.csrfToken);
    expect((await admin.request('/api/admin/session', { method: 'DELETE' })).status).toBe(200);
    expect((await admin.request('/api/admin/products')).status).toBe(401);
  });

  it('rotates the session id at login', async () => {
    const first = await loginAsAdmin(t);
    const response = await t.request('/api/admin/session', post(TEST_ADMIN, { cookie: first.cookie }));
    expect(response.status).toBe(200);
    expect((await first.request('/api/admin/products')).status).toBe(401);
  });

  it('expires a session after the idle timeout', async () => {
    const admin = await loginAsAdmin(t);
    t.setNow(new Date(Date.now() + 3 * 60 * 60_000));
    try {
      expect((await admin.request('/api/admin/products')).status).toBe(401);
    } finally {
      t.setNow(new Date());
    }
  });

  it('sweeps sessions past their lifetime at the next login', async () => {
    await loginAsAdmin(t);
    t.setNow(new Date(Date.now() + 13 * 60 * 60_000));
    try {
      await loginAsAdmin(t);
      const now = new Date(Date.now() + 13 * 60 * 60_000).toISOString();
      const stale = await t.database.db
        .selectFrom('admin_sessions')
        .select('id')
        .where('expires_at', '<=', now)
        .execute();
      expect(stale).toEqual([]);
    } finally {
      t.setNow(new Date());
    }
  });

  it('slows the address after repeated failures, even for the right password', async () => {
    const other = await createTestApp(dialect);
    try {
      for (let i = 0; i < 3; i++) {
        const response = await other.request(
          '/api/admin/session',
          post({ username: TEST_ADMIN.username, password: `bad-${i}-password` }),
        );
        expect(response.status).toBe(401);
      }
      const locked = await other.request('/api/admin/session', post(TEST_ADMIN));
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('creates products through the admin API and shows them to fans', async () => {
    const admin = await loginAsAdmin(t);
    const category = (await (await admin.json('POST', '/api/admin/categories', { name: '外套' })).json()) as {
      id: number;
    };
    const created = await admin.json('POST', '/api/admin/products', {
      title: '羊毛双面呢大衣',
      categoryId: category.id,
      tags: ['coat'],
      skus: [
        { spec: { 颜色: '驼色', 尺码: 'M' }, priceFen: 89900, stock: 3 },
        { spec: { 颜色: '驼色', 尺码: 'L' }, priceFen: 89900, stock: 0 },
      ],
      price: 1,
      status: 'paid',
    });
    expect(created.status).toBe(201);
    const product = (await created.json()) as { id: number; skus: { id: number }[]; priceFen: number };
    expect(product.skus).toHaveLength(2);
    expect(product.priceFen).toBe(89900);
    const shop = await t.request(`/api/shop/products/${product.id}`);
    expect(shop.status).toBe(200);
  });

  it('rejects an invalid product and names the fields', async () => {
    const admin = await loginAsAdmin(t);
    const response = await admin.json('POST', '/api/admin/products', {
      title: '',
      categoryId: 999999,
      skus: [{ spec: {}, priceFen: 1.5, stock: -1 }],
    });
    expect(response.status).toBe(400);
    const paths = ((await response.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'skus.0.priceFen', 'skus.0.stock']));
    const unknownCategory = await admin.json('POST', '/api/admin/products', {
      title: '大衣',
      categoryId: 999999,
      skus: [{ spec: {}, priceFen: 100, stock: 1 }],
    });
    expect(unknownCategory.status).toBe(400);
    expect(((await unknownCategory.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(
      'categoryId',
    );
  });
});
