/**
 * The database: DATABASE_URL → config, opening (SQLite in sqlite/open.ts, PostgreSQL here) and
 * migrating. Transactions are transaction.ts; SQLite's speed machinery is sqlite/.
 */
import { resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Migration, MigrationProvider } from 'kysely/migration';
import pg from 'pg';
import { dialectOf } from './dialect.ts';
import type { DialectName } from './dialect.ts';
import { DatabaseConfigError } from './errors.ts';
import { migrations } from './migrations/index.ts';
import { ensureSearchIndex } from './search/index-upkeep.ts';
import type { Tables } from './schema.ts';
import { openSqlite } from './sqlite/open.ts';

export type DB = Kysely<Tables>;

export type DatabaseConfig =
  | { dialect: 'sqlite'; filename: string }
  | {
      dialect: 'postgres';
      connectionString: string;
      /** Postgres schema to use (search_path); tests give each run its own. */
      schema?: string;
      poolSize?: number;
    };

export const DEFAULT_SQLITE_FILE = 'data/weshop.db';

/**
 * DATABASE_URL → database config. Accepted: unset (SQLite at ./data/weshop.db), `file:path`,
 * `sqlite:path`, `:memory:`, a path ending in .db/.sqlite, `postgres://…`, `postgresql://…`.
 * Relative paths resolve against `cwd`.
 */
export function parseDatabaseUrl(url: string | undefined, cwd: string = process.cwd()): DatabaseConfig {
  const value = url?.trim() ?? '';
  if (value === '') return { dialect: 'sqlite', filename: resolve(cwd, DEFAULT_SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new DatabaseConfigError('not a valid postgres:// URL');
    }
    return { dialect: 'postgres', connectionString: value };
  }
  if (value === ':memory:' || value === 'sqlite::memory:') return { dialect: 'sqlite', filename: ':memory:' };
  const prefixed = /^(?:file|sqlite):(?:\/\/)?(.+)$/i.exec(value);
  if (prefixed?.[1]) return { dialect: 'sqlite', filename: resolve(cwd, prefixed[1]) };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (scheme) {
    throw new DatabaseConfigError(
      `unsupported database "${scheme}"; use a SQLite file (file:./data/weshop.db) or postgres://…`,
    );
  }
  if (/\.(db|sqlite3?)$/i.test(value)) return { dialect: 'sqlite', filename: resolve(cwd, value) };
  throw new DatabaseConfigError(
    `cannot tell the database from "${value}"; use file:./path.db or postgres://…`,
  );
}

export interface Database {
  db: DB;
  dialect: DialectName;
  close(): Promise<void>;
}

/** Opens the database, checks it is usable, and runs pending migrations. */
export async function openDatabase(
  config: DatabaseConfig,
  options: {
    migrate?: boolean;
    /** Told when background work fails and its fallback takes over (SQLite's checkpoint thread). */
    onBackgroundError?: (error: unknown) => void;
  } = {},
): Promise<Database> {
  const database =
    config.dialect === 'sqlite'
      ? openSqlite(config.filename, options.onBackgroundError)
      : await openPostgres(config);
  if (options.migrate !== false) {
    try {
      await migrateToLatest(database.db);
      // Backfills the search index of a catalogue that predates it (cheap when it is complete).
      await ensureSearchIndex(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

/** int8, numeric → JS number (we keep fen far below 2^53); timestamptz → ISO string like SQLite. */
function createPgTypes(): pg.CustomTypesConfig {
  const { types } = pg;
  const parseTimestamp = types.getTypeParser(types.builtins.TIMESTAMPTZ) as (value: string) => Date;
  const parsers = new Map<number, (value: string) => unknown>([
    [types.builtins.INT8, Number],
    [types.builtins.NUMERIC, Number],
    [types.builtins.TIMESTAMPTZ, (value) => parseTimestamp(value).toISOString()],
  ]);
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      parsers.get(oid) ?? types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
  };
}

async function openPostgres(config: Extract<DatabaseConfig, { dialect: 'postgres' }>): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    types: createPgTypes(),
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  // A pool error on an idle client must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const where = safeUrl(config.connectionString);
    throw new DatabaseConfigError(`cannot connect to PostgreSQL at ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** The URL without its password, for messages and logs. */
function safeUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Resolves when the database answers a trivial query (the health check); throws what the driver throws. */
export async function pingDatabase(db: DB): Promise<void> {
  await sql`select 1`.execute(db);
}

const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => migrations,
};

/**
 * The PostgreSQL advisory lock (server-wide) held while migrating. Kysely's migrator looks its tables up
 * in every schema of the server, and that catalog scan fails ("relation … does not exist") when another
 * schema is dropped at the same moment; whoever drops a schema on a shared server (the test databases)
 * takes this lock too. Instances starting together also simply wait for each other here.
 */
export const MIGRATION_LOCK_KEY = 7_251_026_001;

/**
 * The PostgreSQL advisory lock (transaction-scoped) under which the demo seed checks that the database
 * has no catalogue and writes one: instances booting together on an empty database seed it once.
 */
export const SEED_LOCK_KEY = 7_251_026_002;

/** Runs every pending migration (Postgres takes an advisory lock, so instances may start together). */
export async function migrateToLatest(db: Kysely<unknown> | DB): Promise<string[]> {
  if (dialectOf(db) !== 'postgres') return runMigrations(db);
  return (db as Kysely<unknown>).connection().execute(async (lockHolder) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(lockHolder);
    try {
      return await runMigrations(db);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(lockHolder);
    }
  });
}

async function runMigrations(db: Kysely<unknown> | DB): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in any schema unless told which one; pin it to ours so
  // databases that share a Postgres server in other schemas never confuse it.
  const migrationTableSchema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
