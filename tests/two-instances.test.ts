/**
 * Two API processes started at the same moment on one empty PostgreSQL database, as a deployment
 * with several instances does on its first day: both must come up, and the migrations, the first
 * owner and the demo catalogue must each happen once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '@weshop/db';
import { DEMO_CATALOG } from '@weshop/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, testPgUrl } from './support/pg.ts';
import { startServer } from './support/process.ts';
import type { RunningServer } from './support/process.ts';

const pgUrl = testPgUrl();

describe.skipIf(!pgUrl)('two API processes starting together on one empty PostgreSQL database', () => {
  let dir: string;
  let database: { url: string; drop(): Promise<void> };
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weshop-two-'));
    database = await createPgDatabase(pgUrl!);
    const env = {
      DATABASE_URL: database.url,
      ADMIN_USERNAME: 'owner',
      ADMIN_PASSWORD: 'correct-horse-battery',
    };
    const started = await Promise.allSettled([
      startServer(env, { cwd: dir }),
      startServer(env, { cwd: dir }),
    ]);
    servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both become healthy and serve the same catalogue', async () => {
    const lists = await Promise.all(
      servers.map(async (server) => {
        const health = await fetch(`${server.baseUrl}/healthz`);
        expect(await health.json()).toMatchObject({ status: 'ok', dialect: 'postgres' });
        const categories = await fetch(`${server.baseUrl}/api/shop/categories`);
        return ((await categories.json()) as { items: { id: number }[] }).items.map((item) => item.id);
      }),
    );
    expect(lists[0]?.length).toBeGreaterThan(0);
    expect(lists[1]).toEqual(lists[0]);
  });

  it('seeds the demo catalogue once, creates one owner, and migrates once', async () => {
    expect(servers.filter((server) => server.output().includes('Seeded the demo catalog'))).toHaveLength(1);
    const { db, close } = await openDatabase(
      { dialect: 'postgres', connectionString: database.url },
      { migrate: false },
    );
    try {
      const count = async (table: 'categories' | 'products' | 'admin_users') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('categories')).toBe(DEMO_CATALOG.categories.length);
      expect(await count('products')).toBe(DEMO_CATALOG.products.length);
      expect(await count('admin_users')).toBe(1);
      // Every migration is recorded (once: its name is the key) and none is left to run.
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await close();
    }
  });
});
