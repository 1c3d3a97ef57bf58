import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@weshop/db/seed';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAsAdmin } from '../../testing.ts';
import type { AdminClient, TestApp } from '../../testing.ts';

interface Problem {
  code: string;
  errors?: { path: string }[];
}

describe.each(testDialects())('admin search synonyms on %s', (dialect) => {
  let t: TestApp;
  let admin: AdminClient;
  let uploads: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    uploads = mkdtempSync(join(tmpdir(), 'weshop-synonyms-'));
    await seedDemo(t.database.db, { uploadDir: uploads });
    admin = await loginAsAdmin(t);
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(uploads, { recursive: true, force: true });
  });

  async function total(q: string): Promise<number> {
    const response = await t.request(`/api/shop/products?q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { total: number }).total;
  }

  it('lists the demo rules, equivalent and broader', async () => {
    const response = await admin.request('/api/admin/search-synonyms');
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: { kind: string; terms: string[] }[] };
    expect(items).toContainEqual(expect.objectContaining({ kind: 'equivalent', terms: ['连衣裙', 'dress'] }));
    expect(items.some((rule) => rule.kind === 'broader' && rule.terms[0] === '裙子')).toBe(true);
  });

  it('adds, replaces and deletes a rule, and the next search follows', async () => {
    expect(await total('唇妆')).toBe(0);
    const created = await admin.json('POST', '/api/admin/search-synonyms', {
      kind: 'broader',
      terms: ['唇妆', '口红'],
    });
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: number; kind: string; terms: string[] };
    expect(rule).toMatchObject({ kind: 'broader', terms: ['唇妆', '口红'] });
    // 口红 = 唇膏 = lipstick: the three lip products.
    expect(await total('唇妆')).toBe(3);
    // A narrower term never brings its broader one.
    expect(await total('口红')).toBe(3);

    const replaced = await admin.json('PUT', `/api/admin/search-synonyms/${rule.id}`, {
      kind: 'equivalent',
      terms: ['唇妆', '唇釉'],
    });
    expect(replaced.status).toBe(200);
    expect(await total('唇妆')).toBe(1);

    expect((await admin.json('DELETE', `/api/admin/search-synonyms/${rule.id}`)).status).toBe(200);
    expect(await total('唇妆')).toBe(0);
    expect((await admin.json('DELETE', `/api/admin/search-synonyms/${rule.id}`)).status).toBe(404);
    const missing = await admin.json('PUT', `/api/admin/search-synonyms/${rule.id}`, {
      terms: ['a1', 'b1'],
    });
    expect(missing.status).toBe(404);
  });

  it.each([
    [{ terms: ['连衣裙'] }, 'terms'],
    [{ terms: ['连衣裙', '！！'] }, 'terms.1'],
    [{ terms: ['Dress', 'ｄｒｅｓｓ'] }, 'terms.1'],
    [{ terms: ['连衣裙', 'x'.repeat(33)] }, 'terms.1'],
    [{ kind: 'narrower', terms: ['a1', 'b1'] }, 'kind'],
    [{ terms: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'terms'],
  ])('refuses %j with a problem naming %s', async (body, path) => {
    const response = await admin.json('POST', '/api/admin/search-synonyms', body);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors?.map((error) => error.path)).toContain(path);
  });

  it('requires a staff session', async () => {
    expect((await t.request('/api/admin/search-synonyms')).status).toBe(401);
    const anonymous = await t.request('/api/admin/search-synonyms', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terms: ['a1', 'b1'] }),
    });
    expect(anonymous.status).toBe(401);
  });
});
