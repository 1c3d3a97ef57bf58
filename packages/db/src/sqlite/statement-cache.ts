/**
 * Kysely's SQLite driver prepares every query anew; re-preparing the same SQL text costs more than
 * running it. Statements are reused from a bounded cache (safe: the driver runs one query at a time).
 * Oldest first out, not least recently used: a hit costs one lookup (every statement of every
 * request comes here), and the app's statement texts are far fewer than the cache holds, so an
 * evicted one is only prepared again.
 */
import type SQLite from 'better-sqlite3';
import { InsertionMap } from '../collections/insertion-map.ts';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
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
