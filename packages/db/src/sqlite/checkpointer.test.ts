import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_FALLBACK_PAGES, startCheckpointer } from './checkpointer.ts';
import { openDatabase } from '../database.ts';

const autocheckpoint = (sqlite: SQLite.Database) => sqlite.pragma('wal_autocheckpoint', { simple: true });

describe('checkpointer', () => {
  let dir: string;
  let file: string;
  let sqlite: SQLite.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'weshop-checkpoint-'));
    file = join(dir, 'shop.db');
    sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = wal');
    sqlite.exec('create table blobs (id integer primary key, data blob)');
  });
  afterEach(() => {
    if (sqlite.open) sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the WAL into the database file from its own thread while the app only writes', async () => {
    const checkpointer = startCheckpointer(sqlite, file, { everyMs: 10 });
    try {
      expect(await checkpointer.ready).toBe(true);
      // The app's connection now leaves checkpoints to the worker (up to the fallback mark).
      expect(autocheckpoint(sqlite)).toBe(DEFAULT_FALLBACK_PAGES);
      const sizeBefore = statSync(file).size;
      const insert = sqlite.prepare('insert into blobs (data) values (?)');
      for (let i = 0; i < 64; i++) insert.run(Buffer.alloc(16_384, i));
      // A megabyte (~260 pages, under the fallback mark) sits in the WAL until a checkpoint copies it.
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(sizeBefore + 1_000_000), {
        timeout: 5_000,
      });
      await vi.waitFor(() => expect(checkpointer.stats().pendingFrames).toBe(0));
      expect(checkpointer.stats().checkpoints).toBeGreaterThan(1);
    } finally {
      await checkpointer.close();
    }
  });

  it('keeps the WAL near the fallback mark while commits never stop', async () => {
    // A worker that does not run during the loop: a checkpoint of its running beside the app's
    // would make the app skip its own (until a later commit), and on a loaded machine one such
    // checkpoint, preempted, can outlast this whole loop. The mark itself is what is tested here.
    const checkpointer = startCheckpointer(sqlite, file, { everyMs: 60_000, fallbackPages: 200 });
    try {
      expect(await checkpointer.ready).toBe(true);
      const insert = sqlite.prepare('insert into blobs (data) values (?)');
      const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
      let largest = 0;
      // 2,000 commits of a page each, back to back: the WAL is never wholly copied between them,
      // so it would grow to ~6,000 frames (24 MB) without a mark, and to ~1,000 with SQLite's own.
      for (let i = 0; i < 2_000; i++) {
        insert.run(Buffer.alloc(pageSize - 100, i));
        if (i % 20 === 0) largest = Math.max(largest, statSync(`${file}-wal`).size);
      }
      expect(largest).toBeLessThan(3 * 200 * (pageSize + 24));
    } finally {
      await checkpointer.close();
    }
  });

  it('leaves SQLite checkpointing by itself when the worker cannot start, and says so once', async () => {
    const onError = vi.fn();
    const checkpointer = startCheckpointer(sqlite, join(dir, 'missing.db'), { onError });
    expect(await checkpointer.ready).toBe(false);
    expect(autocheckpoint(sqlite)).toBe(1000);
    await checkpointer.close();
    expect(onError).toHaveBeenCalledOnce();
  });

  it('gives checkpoints back to the app when the worker dies after starting', async () => {
    const onError = vi.fn();
    // A worker that says it runs, then dies.
    const dying = new URL(
      "data:text/javascript,import { parentPort } from 'node:worker_threads';" +
        "parentPort.postMessage('ready'); setTimeout(() => process.exit(3), 20);",
    );
    const checkpointer = startCheckpointer(sqlite, file, { onError, workerUrl: dying });
    expect(await checkpointer.ready).toBe(true);
    expect(autocheckpoint(sqlite)).toBe(DEFAULT_FALLBACK_PAGES);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(String(onError.mock.calls[0]![0])).toMatch(/exited with code 3/);
    expect(autocheckpoint(sqlite)).toBe(1000);
    await checkpointer.close();
    expect(onError).toHaveBeenCalledOnce();
  });

  it('stops its worker on close, before the app closes its connection', async () => {
    const checkpointer = startCheckpointer(sqlite, file, { everyMs: 10 });
    await checkpointer.ready;
    await checkpointer.close();
    await checkpointer.close();
    const checkpoints = checkpointer.stats().checkpoints;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checkpointer.stats().checkpoints).toBe(checkpoints);
    // The last connection to close removes the WAL: nobody else holds the file.
    sqlite.close();
    expect(() => statSync(`${file}-wal`)).toThrow();
  });

  it('runs for a database file that openDatabase opens, and not for one in memory', async () => {
    const database = await openDatabase({ dialect: 'sqlite', filename: join(dir, 'app.db') });
    const memory = await openDatabase({ dialect: 'sqlite', filename: ':memory:' });
    try {
      const pragma = async (db: typeof database.db) =>
        (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]
          ?.wal_autocheckpoint;
      await vi.waitFor(async () => expect(await pragma(database.db)).toBe(DEFAULT_FALLBACK_PAGES));
      expect(await pragma(memory.db)).toBe(1000);
    } finally {
      await database.close();
      await memory.close();
    }
  });
});
