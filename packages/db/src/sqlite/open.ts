/**
 * Opening a SQLite database: the pragmas (pragmas.ts), a write probe, and the machinery of this
 * folder wired around one better-sqlite3 connection (README.md names each piece).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { DatabaseConfigError } from '../errors.ts';
import type { Tables } from '../schema.ts';
import { startCheckpointer } from './checkpointer.ts';
import { enableDirectReads } from './direct-reads.ts';
import { enableGroupCommit } from './group-commit.ts';
import { ImmediateSqliteDialect } from './immediate-dialect.ts';
import { SQLITE_PRAGMAS } from './pragmas.ts';
import { withStatementCache } from './statement-cache.ts';
import { openWalSync } from './wal-sync.ts';

export function openSqlite(filename: string, onBackgroundError?: (error: unknown) => void): Database {
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
  enableDirectReads(db, statements, sqlite);
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
