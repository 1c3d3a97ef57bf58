import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase } from './support/pg.ts';
import { API_MAIN, runNode, startServer } from './support/process.ts';

describe('start-up failures', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'weshop-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits non-zero within seconds naming DATABASE_URL for mysql://', async () => {
    const result = await runNode(API_MAIN, { DATABASE_URL: 'mysql://root@127.0.0.1/shop' }, { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toMatch(/DATABASE_URL: unsupported database "mysql"/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('exits non-zero naming DATABASE_URL for a path that cannot be written', async () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    const result = await runNode(
      API_MAIN,
      { DATABASE_URL: `file:${join(dir, 'a-file', 'shop.db')}` },
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL: cannot open the SQLite database/);
  });

  it('exits non-zero naming PORT when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runNode(
        API_MAIN,
        { PORT: String(port), HOST: '127.0.0.1', DEMO_SEED: 'false' },
        { cwd: dir },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`PORT: ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('lists every configuration problem at once', async () => {
    const result = await runNode(
      API_MAIN,
      { PORT: 'x', PUBLIC_URL: 'nope', DATABASE_URL: 'mysql://x' },
      { cwd: dir },
    );
    expect(result.code).toBe(1);
    for (const name of ['PORT', 'PUBLIC_URL', 'DATABASE_URL']) expect(result.stderr).toContain(`${name}:`);
  });
});

const targets = ['sqlite', ...(process.env.TEST_PG_URL ? ['postgres'] : [])];

describe.each(targets)('npm start on %s', (dialect) => {
  let dir: string;
  let env: Record<string, string>;
  let drop = async () => {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weshop-run-'));
    env = {};
    if (dialect === 'postgres') {
      const database = await createPgDatabase(process.env.TEST_PG_URL!);
      env.DATABASE_URL = database.url;
      drop = database.drop;
    }
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds an empty database, serves the demo catalog, and stops cleanly', async () => {
    const server = await startServer(env, { cwd: dir });
    try {
      expect(server.output()).toContain('Seeded the demo catalog');
      expect(server.output()).toContain('serves the API only');
      const health = await fetch(`${server.baseUrl}/healthz`);
      expect(await health.json()).toMatchObject({ status: 'ok', dialect });
      const categories = (await (await fetch(`${server.baseUrl}/api/shop/categories`)).json()) as {
        items: unknown[];
      };
      expect(categories.items.length).toBeGreaterThanOrEqual(6);
      const page = (await (await fetch(`${server.baseUrl}/api/shop/products?limit=50`)).json()) as {
        items: { id: number; image: string }[];
        nextCursor: string;
      };
      expect(page.items).toHaveLength(50);
      expect(page.nextCursor).toBeTruthy();
      const image = await fetch(`${server.baseUrl}${page.items[0]!.image}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/jpeg');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('never touches a database that already has data', async () => {
    const server = await startServer(env, { cwd: dir });
    try {
      expect(server.output()).not.toContain('Seeded');
    } finally {
      await server.stop();
    }
  });
});
