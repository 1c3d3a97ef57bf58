import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';

describe('OpenAPI document and docs UI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('documents every API route the app serves', async () => {
    const doc = (await (await t.request('/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const served = t.app.routes
      .filter((route) => route.method !== 'ALL')
      .filter((route) => route.path.startsWith('/api/') || route.path === '/healthz')
      .filter((route) => !route.path.startsWith('/api/docs') && route.path !== '/api/openapi.json');
    expect(served.length).toBeGreaterThan(5);
    for (const route of served) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  it('describes money as integer fen and errors as problem+json', async () => {
    const doc = (await (await t.request('/api/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties?: Record<string, { type?: string }> }> };
    };
    expect(doc.components.schemas.ProductSummary?.properties?.priceFen?.type).toBe('integer');
    expect(doc.components.schemas.Problem).toBeDefined();
  });

  it('serves the docs UI and its assets locally', async () => {
    const page = await t.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(html).toContain('id="problem-out-of-stock"');
    const bundle = await t.request('/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await t.request('/api/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('answers /healthz with the database state', async () => {
    const response = await t.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok', dialect: 'sqlite' });
  });

  it('sets a request id and security headers on every response', async () => {
    const response = await t.request('/api/shop/categories');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses API bodies over 1 MB with 413', async () => {
    const response = await t.request('/api/admin/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(1024 * 1024 + 10) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });
});
