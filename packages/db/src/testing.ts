/**
 * Test support: one test body run on every database the machine offers. SQLite always; PostgreSQL
 * when TEST_PG_URL is set (CI sets it). Each Postgres test database is a fresh schema, dropped on close,
 * so test files may run in parallel against one server.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATION_LOCK_KEY, openDatabase } from './database.ts';
import type { Database, DatabaseConfig } from './database.ts';
import type { DialectName } from './dialect.ts';
import { verifyCompiledKeys } from './sqlite/compiled-query.ts';

/** The dialects to run data tests on (reads TEST_PG_URL: test support only, never app code). */
export function testDialects(): DialectName[] {
  if (process.env.CI && !process.env.TEST_PG_URL) {
    throw new Error('CI must run every data test on PostgreSQL too: set TEST_PG_URL');
  }
  return process.env.TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase extends Database {
  /** The config that reaches the same data, e.g. for a second app instance or a child process. */
  config: DatabaseConfig;
}

export interface TestDatabaseOptions {
  /** SQLite: use a file in a temp folder instead of memory (needed to share it between connections). */
  file?: boolean;
  migrate?: boolean;
}

export async function createTestDatabase(
  dialect: DialectName,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  // Every compiled query key the tests run is checked to name one statement (compiled-query.ts).
  verifyCompiledKeys();
  if (dialect === 'sqlite') {
    const dir = options.file ? mkdtempSync(join(tmpdir(), 'weshop-test-')) : null;
    const config: DatabaseConfig = { dialect: 'sqlite', filename: dir ? join(dir, 'test.db') : ':memory:' };
    const database = await openDatabase(config, options);
    return {
      ...database,
      config,
      close: async () => {
        await database.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error('TEST_PG_URL is not set');
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(url, `create schema ${schema}`);
  const config: DatabaseConfig = { dialect: 'postgres', connectionString: url, schema, poolSize: 5 };
  const database = await openDatabase(config, options);
  return {
    ...database,
    config,
    close: async () => {
      await database.close();
      // Under the migration lock: a migration elsewhere on the server scans every schema's catalog.
      await adminQuery(
        url,
        `select pg_advisory_lock(${MIGRATION_LOCK_KEY}); drop schema if exists ${schema} cascade`,
      );
    },
  };
}

/**
 * Runs `work` holding the migration lock on PostgreSQL (nothing to hold on SQLite): for tests that drop
 * tables themselves (running migrations down), since a migration elsewhere on the server scans every
 * schema's catalog and fails on a table dropped under it.
 */
export async function withMigrationLock<T>(dialect: DialectName, work: () => Promise<T>): Promise<T> {
  const url = process.env.TEST_PG_URL;
  if (dialect !== 'postgres' || !url) return work();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    await client.end();
  }
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
