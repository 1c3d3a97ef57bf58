import { claimOutbox, completeOutbox, enqueueOutbox } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAsAdmin } from '../../testing.ts';
import type { AdminClient, TestApp } from '../../testing.ts';

const payload = { templateId: 'tpl', data: { thing1: { value: 'x' } } };

describe.each(testDialects())('admin notification log on %s', (dialect) => {
  let t: TestApp;
  let admin: AdminClient;
  let failedId: number;
  let sentId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAsAdmin(t);
    const db = t.database.db;
    for (const key of ['shipped:1', 'shipped:2', 'balance:3']) {
      await enqueueOutbox(db, { dedupeKey: key, kind: 'template', openid: 'oFan', payload });
    }
    const [first, second] = await claimOutbox(db, {
      limit: 2,
      leaseMs: 60_000,
      now: new Date().toISOString(),
    });
    await completeOutbox(db, [
      {
        claim: first!,
        outcome: 'failed',
        errcode: 47003,
        error: 'argument invalid! data.thing1.value invalid',
        durationMs: 12,
      },
      { claim: second!, outcome: 'sent', wechatMsgId: '1152921504606846977', durationMs: 20 },
    ]);
    failedId = first!.id;
    sentId = second!.id;
  });
  afterAll(() => t.close());

  it('lists the log newest first, filtered by status, with a cursor', async () => {
    const all = await admin.request('/api/admin/notifications?limit=2');
    expect(all.status).toBe(200);
    const page = (await all.json()) as { items: { dedupeKey: string }[]; nextCursor: string };
    expect(page.items.map((item) => item.dedupeKey)).toEqual(['balance:3', 'shipped:2']);
    const rest = await (await admin.request(`/api/admin/notifications?cursor=${page.nextCursor}`)).json();
    expect(rest).toMatchObject({ items: [{ dedupeKey: 'shipped:1' }], nextCursor: null });
    const failed = await (await admin.request('/api/admin/notifications?status=failed')).json();
    expect(failed).toMatchObject({
      items: [
        {
          id: failedId,
          status: 'failed',
          attempts: 1,
          lastErrcode: 47003,
          lastError: expect.stringContaining('thing1'),
        },
      ],
    });
  });

  it('shows one notification with its attempts', async () => {
    const response = await admin.request(`/api/admin/notifications/${sentId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'sent',
      wechatMsgId: '1152921504606846977',
      attemptLog: [{ attempt: 1, outcome: 'sent', durationMs: 20 }],
    });
    expect((await admin.request('/api/admin/notifications/999999')).status).toBe(404);
  });

  it('retries a failed notification, and answers 409 for any other', async () => {
    const retried = await admin.json('POST', `/api/admin/notifications/${failedId}/retry`);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({
      status: 'pending',
      attempts: 0,
      attemptLog: [{ outcome: 'failed' }],
    });
    const again = await admin.json('POST', `/api/admin/notifications/${failedId}/retry`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'CONFLICT' });
    expect((await admin.json('POST', `/api/admin/notifications/${sentId}/retry`)).status).toBe(409);
    expect((await admin.json('POST', '/api/admin/notifications/999999/retry')).status).toBe(404);
  });

  it('answers bad input with a problem naming the field', async () => {
    for (const [path, field] of [
      ['/api/admin/notifications?status=lost', 'status'],
      ['/api/admin/notifications?limit=1e3', 'limit'],
      ['/api/admin/notifications?cursor=garbage!', 'cursor'],
      ['/api/admin/notifications/abc', 'id'],
    ] as const) {
      const response = await admin.request(path);
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { errors: { path: string }[] };
      expect(body.errors.map((error) => error.path).join(' ')).toContain(field);
    }
  });

  it('needs a staff session and the CSRF token', async () => {
    expect((await t.request('/api/admin/notifications')).status).toBe(401);
    const noCsrf = await t.request(`/api/admin/notifications/${failedId}/retry`, {
      method: 'POST',
      headers: { cookie: admin.cookie },
    });
    expect(noCsrf.status).toBe(403);
  });
});
