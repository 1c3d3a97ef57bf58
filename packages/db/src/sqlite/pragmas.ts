import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { Tables } from '../schema.ts';

/**
 * SQLite connection settings: WAL so readers never block the writer, synchronous=FULL set explicitly
 * (money lives here; the default differs between first and later boots), foreign keys on, and a
 * short busy timeout because better-sqlite3 waits synchronously.
 * Temporary storage in memory: a group commit's savepoints keep the original of every page they
 * change in a sub-journal, which spills to a temporary file beyond 64 KiB, and placing one order
 * touches more pages than that: every later write in the batch then paid file I/O (the outbox
 * INSERT took several times longer, bench/results/2026-11-22-checkout-3.txt). The price:
 * a large sort without an index, or an index built over a large table, is held in memory too.
 */
export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 'full',
  foreign_keys: 'on',
  busy_timeout: 3000,
  temp_store: 'memory',
} as const;

const RELAXED = CompiledQuery.raw('pragma synchronous = normal');
const DURABLE = CompiledQuery.raw(`pragma synchronous = ${SQLITE_PRAGMAS.synchronous}`);

type Control = (connection: Kysely<Tables>, query: CompiledQuery) => Promise<void>;

const throughKysely: Control = async (connection, query) => {
  await connection.executeQuery(query);
};

/**
 * Runs `work` on one connection held for it with `synchronous=NORMAL`, and puts SQLITE_PRAGMAS'
 * level back before the connection is let go, so no other query ever runs relaxed. (SQLite refuses
 * to change it inside a transaction: `work` opens its own.) `control` runs the two pragmas; the group
 * commit runs them straight on better-sqlite3.
 */
export function onRelaxedConnection<T>(
  db: Kysely<Tables>,
  work: (connection: Kysely<Tables>) => Promise<T>,
  control: Control = throughKysely,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await control(connection, RELAXED);
    try {
      return await work(connection);
    } finally {
      await control(connection, DURABLE);
    }
  });
}
