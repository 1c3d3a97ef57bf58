import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { InsertionMap } from './collections/insertion-map.ts';
import { startCheckpointer } from './checkpointer.ts';
import { enableGroupCommit } from './group-commit.ts';
import { openWalSync } from './wal-sync.ts';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely';
import type { DatabaseConnection } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Migration, MigrationProvider } from 'kysely/migration';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import { ensureSearchIndex } from './repositories/search-index.ts';
import type { Tables } from './schema.ts';

export type DB = Kysely<Tables>;
export type DialectName = 'sqlite' | 'postgres';

export type DatabaseConfig =
  | { dialect: 'sqlite'; filename: string }
  | {
      dialect: 'postgres';
      connectionString: string;
      /** Postgres schema to use (search_path); tests give each run its own. */
      schema?: string;
      poolSize?: number;
    };

/** A configuration problem with DATABASE_URL; the message names the variable. */
export class DatabaseConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`DATABASE_URL: ${message}`, options);
    this.name = 'DatabaseConfigError';
  }
}

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

/**
 * SQLite connection settings (reliability.md §3.1): WAL so readers never block the writer,
 * synchronous=FULL set explicitly (money lives here; the default differs between first and later
 * boots), foreign keys on, and a short busy timeout because better-sqlite3 waits synchronously.
 * Temporary storage in memory: a group commit's savepoints keep the original of every page they
 * change in a sub-journal, which spills to a temporary file beyond 64 KiB, and placing one order
 * touches more pages than that: every later write in the batch then paid file I/O (the outbox
 * INSERT measured 150–200 µs instead of 40–55). The price: a large sort without an index, or an
 * index built over a large table, is held in memory too.
 */
export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 'full',
  foreign_keys: 'on',
  busy_timeout: 3000,
  temp_store: 'memory',
} as const;

/**
 * A transaction whose commit does not wait for the disk: for append-only logs that are written
 * behind the fact (the webhook's message log) and whose last rows may be lost on a power cut or OS
 * crash, never on an application crash, and never corrupting anything. On SQLite it commits with
 * `synchronous=NORMAL`: in WAL mode the commit appends to the WAL without an fsync (the next FULL
 * commit or checkpoint syncs it), where FULL would block the event loop for an fsync (~0.5 ms and
 * more on a busy disk) on every batch. The connection is held for the pragma, the transaction and
 * the pragma back to SQLITE_PRAGMAS, so no other query ever runs relaxed. On PostgreSQL it is
 * `SET LOCAL synchronous_commit = off`, the same trade-off for this transaction only. Inside a
 * caller's transaction it simply joins it (and its durability).
 */
export async function inRelaxedTransaction<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  if (dialectOf(db) === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  return db.connection().execute(async (connection) => {
    await sql`pragma synchronous = normal`.execute(connection);
    try {
      return await connection.transaction().execute(work);
    } finally {
      await sql.raw(`pragma synchronous = ${SQLITE_PRAGMAS.synchronous}`).execute(connection);
    }
  });
}

/** The SQLite connection behind each Kysely instance openSqlite made, for selectFirst. */
const directReads = new WeakMap<DB, { statements: SqliteDatabase; inTransaction: () => boolean }>();

/**
 * The first row of a read compiled once (a lookup by key on a hot path). On SQLite it runs as the
 * cached prepared statement straight on the connection, skipping Kysely's executor (its connection
 * mutex, promise hops and plugins cost more than the read itself: about a tenth of a webhook
 * message's CPU time under load, bench/results/2026-11-22-webhook-2.txt). Only when that is what
 * Kysely would do anyway: `db` is the database itself, not a transaction, and no transaction is open
 * on the connection (another request's, between two of its awaits); otherwise the read could see
 * uncommitted rows, so it goes through Kysely, which queues it behind that transaction. PostgreSQL
 * always goes through Kysely.
 */
export async function selectFirst<Row>(db: DB, query: CompiledQuery<Row>): Promise<Row | undefined> {
  const statement = directStatement(db, query);
  if (statement !== undefined) return statement.get(query.parameters as unknown[]);
  return (await db.executeQuery(query)).rows[0];
}

/** Every row of a read compiled once, under the same rules as selectFirst. */
export async function selectRows<Row>(db: DB, query: CompiledQuery<Row>): Promise<Row[]> {
  const statement = directStatement(db, query);
  if (statement !== undefined) return statement.all(query.parameters as unknown[]);
  return (await db.executeQuery(query)).rows;
}

function directStatement<Row>(
  db: DB,
  query: CompiledQuery<Row>,
): SQLite.Statement<unknown[], Row> | undefined {
  const direct = directReads.get(db);
  if (direct === undefined || direct.inTransaction()) return undefined;
  return direct.statements.prepare(query.sql) as unknown as SQLite.Statement<unknown[], Row>;
}

function openSqlite(filename: string, onBackgroundError?: (error: unknown) => void): Database {
  let sqlite: SQLite.Database;
  try {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    sqlite = new SQLite(filename);
    for (const [name, value] of Object.entries(SQLITE_PRAGMAS)) sqlite.pragma(`${name} = ${value}`);
    // Opening does not write; make sure the file really is writable before we say we are up.
    sqlite.exec('create table if not exists _weshop_probe (x integer); drop table _weshop_probe;');
  } catch (error) {
    throw new DatabaseConfigError(
      `cannot open the SQLite database at ${filename}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: statements }) });
  directReads.set(db, { statements, inTransaction: () => sqlite.inTransaction });
  // Group commits wait for the disk off the event loop (wal-sync.ts); in memory there is no disk.
  const walSync = filename === ':memory:' ? undefined : openWalSync(filename);
  enableGroupCommit(db, { walSync, statements });
  // WAL checkpoints on a thread of their own (checkpointer.ts); in memory there is no WAL.
  const checkpointer = walSync && startCheckpointer(sqlite, filename, { onError: onBackgroundError });
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await checkpointer?.close();
      await db.destroy();
      walSync?.close();
    },
  };
}

/**
 * Every SQLite transaction begins IMMEDIATE: it takes the write lock at BEGIN. A deferred BEGIN
 * reads a snapshot first, and if another connection (`npm run worker` is another process) commits
 * before the transaction's first write, that write fails with SQLITE_BUSY_SNAPSHOT, which no waiting
 * can fix; with the lock taken up front, the other writer waits (busy_timeout) instead.
 */
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(BEGIN_IMMEDIATE);
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely's SQLite driver prepares every query anew; re-preparing the same SQL text costs more than
 * running it. Statements are reused from a bounded cache (safe: the driver runs one query at a time).
 * Oldest first out, not least recently used: a hit costs one lookup (every statement of every
 * request comes here), and the app's statement texts are far fewer than the cache holds, so an
 * evicted one is only prepared again.
 */
const STATEMENT_CACHE_SIZE = 500;

function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new InsertionMap<string, SQLite.Statement>(STATEMENT_CACHE_SIZE);
  return {
    close: () => sqlite.close(),
    prepare: (sqlText: string) => {
      let statement = cache.get(sqlText);
      if (statement === undefined) {
        statement = sqlite.prepare(sqlText);
        cache.set(sqlText, statement);
      }
      return statement as unknown as SqliteStatement;
    },
  };
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

const provider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => migrations,
};

/** Runs every pending migration (Postgres takes an advisory lock, so instances may start together). */
export async function migrateToLatest(db: Kysely<unknown> | DB): Promise<string[]> {
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

export function dialectOf(db: Kysely<unknown> | DB): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
