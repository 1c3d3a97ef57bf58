import { createAdminUser } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../auth/password.ts';
import { TEST_ADMIN, createTestApp, loginAsAdmin } from '../../testing.ts';
import type { TestApp } from '../../testing.ts';

const IP_A = '203.0.113.7';
const IP_B = '198.51.100.23';

/** POST /api/admin/session as a client at `ip` (the Node server's connection info, as Hono reads it). */
function login(t: TestApp, body: { username: string; password: string }, ip: string): Promise<Response> {
  return Promise.resolve(
    t.app.request(
      new URL('/api/admin/session', t.config.publicUrl).toString(),
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      { incoming: { socket: { remoteAddress: ip, remotePort: 40000, remoteFamily: 'IPv4' } } },
    ),
  );
}

const wrong = (i: number) => ({ username: TEST_ADMIN.username, password: `wrong-password-${i}` });

describe.each(testDialects())('staff login throttle on %s', (dialect) => {
  let t: TestApp;
  let clock: number;
  const advance = (seconds: number) => {
    clock += seconds * 1000;
    t.setNow(new Date(clock));
  };
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await createAdminUser(t.database.db, {
      username: 'staffer',
      displayName: '店员',
      role: 'staff',
      passwordHash: await hashPassword('staff-password-long'),
    });
    clock = Date.now();
    t.setNow(new Date(clock));
  });
  afterAll(() => t.close());

  it('slows the address that guesses, progressively, and lets the right password in from another', async () => {
    const waits: number[] = [];
    let failures = 0;
    while (failures < 20) {
      const response = await login(t, wrong(failures), IP_A);
      if (response.status === 429) {
        const body = (await response.json()) as { code: string; retryAfterSeconds: number };
        expect(body.code).toBe('RATE_LIMITED');
        const retryAfter = Number(response.headers.get('retry-after'));
        expect(retryAfter).toBe(body.retryAfterSeconds);
        waits.push(retryAfter);
        advance(retryAfter);
        continue;
      }
      expect(response.status).toBe(401);
      failures++;
    }
    // Three free tries, then 1, 2, 4 … seconds, capped at 15 minutes (failures an hour old are forgotten).
    expect(waits.slice(0, 11)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900]);
    expect(Math.max(...waits)).toBe(15 * 60);

    // The owner, at another address, is not locked out.
    const owner = await login(t, TEST_ADMIN, IP_B);
    expect(owner.status).toBe(200);
    // The guessing address is still slowed, even with the right password.
    expect((await login(t, TEST_ADMIN, IP_A)).status).toBe(429);
  });

  it('counts parallel guesses from one address against each other', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => login(t, wrong(100 + i), '192.0.2.99')),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    // Three free failures; a PostgreSQL insert committing late may let one more through.
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(4);
  });

  it('slows one address trying many accounts', async () => {
    const ip = '192.0.2.50';
    let limited: Response | undefined;
    for (let i = 0; i < 30 && !limited; i++) {
      const response = await login(t, { username: `guess-${i}`, password: 'wrong-password' }, ip);
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(401);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers an unknown user and a wrong password alike: status, body and roughly the time', async () => {
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    const timed = async (body: { username: string; password: string }, ip: string) => {
      const started = performance.now();
      const response = await login(t, body, ip);
      return {
        ms: performance.now() - started,
        status: response.status,
        body: strip((await response.json()) as Record<string, unknown>),
      };
    };
    const unknown: Awaited<ReturnType<typeof timed>>[] = [];
    const known: Awaited<ReturnType<typeof timed>>[] = [];
    for (let i = 0; i < 3; i++) {
      unknown.push(await timed({ username: 'nobody-here', password: 'wrong-password' }, `10.1.0.${i}`));
      known.push(await timed({ username: 'staffer', password: 'wrong-password' }, `10.2.0.${i}`));
    }
    expect(unknown.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(known.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(unknown[0]?.body).toEqual(known[0]?.body);
    const median = (runs: { ms: number }[]) => runs.map((r) => r.ms).sort((a, b) => a - b)[1]!;
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('shows the attempts to the owner, filtered and paged, and to no one else', async () => {
    const owner = await loginAsAdmin(t);
    const first = await owner.request(`/api/admin/login-attempts?ip=${IP_A}&limit=5`);
    expect(first.status).toBe(200);
    const page = (await first.json()) as {
      items: { id: number; username: string; ip: string; outcome: string; createdAt: string }[];
      nextCursor: string | null;
    };
    expect(page.items).toHaveLength(5);
    expect(page.items.every((item) => item.ip === IP_A)).toBe(true);
    expect(page.items[0]).toMatchObject({ username: TEST_ADMIN.username, outcome: 'throttled' });
    expect(page.nextCursor).toBeTruthy();
    const next = (await (
      await owner.request(`/api/admin/login-attempts?ip=${IP_A}&limit=5&cursor=${page.nextCursor}`)
    ).json()) as { items: { id: number }[] };
    expect(next.items[0]!.id).toBeLessThan(page.items[4]!.id);

    const byUser = (await (await owner.request('/api/admin/login-attempts?username=nobody-here')).json()) as {
      items: { username: string; outcome: string }[];
    };
    expect(byUser.items).toHaveLength(3);
    expect(byUser.items.every((item) => item.outcome === 'failure')).toBe(true);
    const success = (await (
      await owner.request(`/api/admin/login-attempts?ip=${IP_B}&username=${TEST_ADMIN.username}`)
    ).json()) as { items: { outcome: string }[] };
    expect(success.items.map((item) => item.outcome)).toEqual(['success']);

    for (const bad of ['limit=0', 'cursor=%%%', `username=${'x'.repeat(65)}`]) {
      const response = await owner.request(`/api/admin/login-attempts?${bad}`);
      expect(response.status, bad).toBe(400);
    }

    const staff = await loginAsAdmin(t, { username: 'staffer', password: 'staff-password-long' });
    const refused = await staff.request('/api/admin/login-attempts');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('FORBIDDEN');
  });
});
