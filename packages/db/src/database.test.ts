import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import {
  MIGRATION_LOCK_KEY,
  migrateToLatest,
  openDatabase,
  parseDatabaseUrl,
  pingDatabase,
} from './database.ts';
import { DatabaseConfigError } from './errors.ts';
import { migrations } from './migrations/index.ts';
import { createTestDatabase, testDialects, withMigrationLock } from './testing.ts';
import type { TestDatabase } from './testing.ts';

const TABLES = [
  'admin_sessions',
  'admin_users',
  'balance_accounts',
  'balance_ledger',
  'cart_items',
  'categories',
  'fan_tag_assignments',
  'fan_tags',
  'fans',
  'inbound_messages',
  'keyword_rules',
  'login_attempts',
  'order_items',
  'orders',
  'outbox',
  'outbox_attempts',
  'product_images',
  'products',
  'qr_scenes',
  'search_log',
  'search_synonyms',
  'settings',
  'skus',
  'webhook_replays',
  'wechat_tokens',
];

/**
 * Tables of this test database only. Not Kysely's introspection: on PostgreSQL it scans every schema on
 * the server and fails when another test file drops one at that moment.
 */
async function tableNames(t: TestDatabase): Promise<string[]> {
  const query =
    t.dialect === 'postgres'
      ? sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
  return (await query.execute(t.db)).rows.map((row) => row.name);
}

describe('parseDatabaseUrl', () => {
  it('defaults to a SQLite file under ./data', () => {
    expect(parseDatabaseUrl(undefined, '/app')).toEqual({
      dialect: 'sqlite',
      filename: '/app/data/weshop.db',
    });
    expect(parseDatabaseUrl('  ', '/app')).toEqual({ dialect: 'sqlite', filename: '/app/data/weshop.db' });
  });

  it.each(['mysql://root@db/shop', 'mongodb://x', 'redis://x', 'http://x', 'shop'])(
    'refuses %s naming DATABASE_URL',
    (url) => {
      expect(() => parseDatabaseUrl(url)).toThrow(DatabaseConfigError);
      expect(() => parseDatabaseUrl(url)).toThrow(/^DATABASE_URL: /);
    },
  );

  it('accepts postgres and postgresql URLs', () => {
    expect(parseDatabaseUrl('postgresql://u@h/db').dialect).toBe('postgres');
    expect(parseDatabaseUrl('postgres://u@h/db').dialect).toBe('postgres');
  });
});

describe('opening PostgreSQL', () => {
  it('fails within seconds with DATABASE_URL named when the server is unreachable', async () => {
    const started = Date.now();
    await expect(
      openDatabase({ dialect: 'postgres', connectionString: 'postgres://weshop:secret@127.0.0.1:1/weshop' }),
    ).rejects.toThrow(
      /^DATABASE_URL: cannot connect to PostgreSQL at postgres:\/\/weshop:\*\*\*@127\.0\.0\.1:1\/weshop/,
    );
    expect(Date.now() - started).toBeLessThan(6000);
  });
});

describe.each(testDialects())('migrations on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.close());

  it('creates every table', async () => {
    expect(await tableNames(t)).toEqual(expect.arrayContaining(TABLES));
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it('can be rolled back and applied again', async () => {
    const database = await createTestDatabase(dialect, { migrate: false });
    try {
      expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations));
      // Later migrations depend on earlier tables: roll back newest first, re-apply oldest first.
      // Dropping tables under the migration lock: another file's migration scans every schema.
      const newestFirst = Object.values(migrations).reverse();
      await withMigrationLock(dialect, async () => {
        for (const migration of newestFirst) await migration.down!(database.db as never);
      });
      expect(await tableNames(database)).not.toContain('products');
      for (const migration of Object.values(migrations)) await migration.up(database.db as never);
      expect(await tableNames(database)).toEqual(expect.arrayContaining(TABLES));
    } finally {
      await database.close();
    }
  });

  describe('constraints', () => {
    const now = new Date().toISOString();
    let productId: number;
    let skuId: number;
    let fanId: number;

    beforeAll(async () => {
      productId = (
        await t.db
          .insertInto('products')
          .values({
            title: 't',
            subtitle: '',
            description: '',
            tags: '[]',
            min_price_fen: 100,
            max_price_fen: 100,
            cover_image: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      skuId = (
        await t.db
          .insertInto('skus')
          .values({
            product_id: productId,
            spec: '{}',
            spec_key: '[]',
            price_fen: 100,
            stock: 2,
            sort_order: 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      fanId = (
        await t.db
          .insertInto('fans')
          .values({
            openid: 'o_constraints',
            unionid: null,
            nickname: null,
            avatar_url: null,
            subscribe_scene: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    });

    it('keeps stock from going negative', async () => {
      await expect(
        t.db.updateTable('skus').set({ stock: -1 }).where('id', '=', skuId).execute(),
      ).rejects.toThrow();
    });

    it('reports a conditional stock update as a bigint row count', async () => {
      const take = (n: number) =>
        t.db
          .updateTable('skus')
          .set((eb) => ({ stock: eb('stock', '-', n) }))
          .where('id', '=', skuId)
          .where('stock', '>=', n)
          .executeTakeFirst();
      const first = await take(2);
      // docs/architecture.md#conditional-updates: numUpdatedRows is a bigint, `=== 1` would always be false.
      expect(first.numUpdatedRows).toBe(1n);
      expect((await take(1)).numUpdatedRows).toBe(0n);
    });

    it('keeps balances non-negative and ledger amounts non-zero', async () => {
      await expect(
        t.db
          .insertInto('balance_accounts')
          .values({ fan_id: fanId, balance_fen: -1, updated_at: now })
          .execute(),
      ).rejects.toThrow();
      const entry = {
        fan_id: fanId,
        kind: 'topup' as const,
        balance_after_fen: 0,
        reason: 'r',
        actor: 'test',
        order_id: null,
      };
      await expect(
        t.db
          .insertInto('balance_ledger')
          .values({ ...entry, amount_fen: 0, reference: 'zero' })
          .execute(),
      ).rejects.toThrow();
      await t.db
        .insertInto('balance_ledger')
        .values({ ...entry, amount_fen: 5, balance_after_fen: 5, reference: 'ref-1' })
        .execute();
      await expect(
        t.db
          .insertInto('balance_ledger')
          .values({ ...entry, amount_fen: 5, balance_after_fen: 10, reference: 'ref-1' })
          .execute(),
      ).rejects.toThrow();
    });

    it('refuses unknown order states and enforces foreign keys', async () => {
      await expect(
        t.db
          .insertInto('order_items')
          .values({
            order_id: 987654,
            product_id: productId,
            sku_id: skuId,
            title: 't',
            spec: '{}',
            image: null,
            price_fen: 1,
            quantity: 1,
            subtotal_fen: 1,
          })
          .execute(),
      ).rejects.toThrow();
    });

    it('stores and returns timestamps as ISO strings', async () => {
      const row = await t.db
        .selectFrom('products')
        .select(['created_at'])
        .where('id', '=', productId)
        .executeTakeFirstOrThrow();
      expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const at = '2026-11-22T07:12:00.123Z';
      await t.db.updateTable('products').set({ updated_at: at }).where('id', '=', productId).execute();
      const updated = await t.db
        .selectFrom('products')
        .select('updated_at')
        .where('id', '=', productId)
        .executeTakeFirstOrThrow();
      expect(updated.updated_at).toBe(at);
    });

    it('returns money columns as numbers', async () => {
      const row = await t.db
        .selectFrom('skus')
        .select('price_fen')
        .where('id', '=', skuId)
        .executeTakeFirstOrThrow();
      expect(row.price_fen).toBe(100);
    });
  });
});

describe.runIf(testDialects().includes('postgres'))('the migration lock on postgres', () => {
  it('makes a migration wait while another session holds it (a schema being dropped elsewhere)', async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    const holder = new pg.Client({ connectionString: process.env.TEST_PG_URL });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      let done = false;
      const migrating = migrateToLatest(database.db).then((applied) => {
        done = true;
        return applied;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      expect(await migrating).toEqual(Object.keys(migrations));
    } finally {
      await holder.end();
      await database.close();
    }
  });
});

describe.each(testDialects())('pingDatabase on %s', (dialect) => {
  it('resolves while the database answers and rejects once it is closed', async () => {
    const t = await createTestDatabase(dialect, { migrate: false });
    await expect(pingDatabase(t.db)).resolves.toBeUndefined();
    await t.close();
    await expect(pingDatabase(t.db)).rejects.toThrow();
  });
});
