import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../database.ts';
import type { Database } from '../database.ts';
import { createGroupCommit, groupCommitOf } from './group-commit.ts';
import type { Tables } from '../schema.ts';
import { transactionWithRetry } from '../transaction.ts';
import type { WalSync } from './wal-sync.ts';

describe('group commit (SQLite)', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openDatabase({ dialect: 'sqlite', filename: ':memory:' });
  });
  afterEach(() => database.close());

  const openids = async () =>
    (await database.db.selectFrom('fans').select('openid').orderBy('openid').execute()).map(
      (row) => row.openid,
    );

  it('commits units that queue together once, and a failing unit alone rolls back', async () => {
    const group = groupCommitOf(database.db)!;
    const before = group.stats();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        transactionWithRetry(database.db, async (trx) => {
          await trx
            .insertInto('fans')
            .values({ openid: `o-${i}` })
            .execute();
          if (i === 3) throw new Error('unit 3 fails');
          return i;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
    expect((results[3] as PromiseRejectedResult).reason).toEqual(new Error('unit 3 fails'));
    expect(await openids()).toEqual(['o-0', 'o-1', 'o-2', 'o-4', 'o-5', 'o-6', 'o-7', 'o-8', 'o-9']);
    const after = group.stats();
    expect(after.units - before.units).toBe(10);
    expect(after.batches - before.batches).toBe(1);
  });

  it('rolls back everything a unit alone in its batch did when it fails', async () => {
    const group = groupCommitOf(database.db)!;
    const before = group.stats();
    await expect(
      transactionWithRetry(database.db, async (trx) => {
        await trx.insertInto('fans').values({ openid: 'o-lost' }).execute();
        throw new Error('the only unit fails');
      }),
    ).rejects.toThrow('the only unit fails');
    expect(group.stats().batches).toBe(before.batches); // nothing was committed
    await transactionWithRetry(database.db, (trx) =>
      trx.insertInto('fans').values({ openid: 'o-next' }).execute(),
    );
    expect(await openids()).toEqual(['o-next']);
  });

  it('keeps a unit that catches its own constraint error', async () => {
    await database.db.insertInto('fans').values({ openid: 'o-taken' }).execute();
    const outcome = await transactionWithRetry(database.db, async (trx) => {
      const failed = await trx
        .insertInto('fans')
        .values({ openid: 'o-taken' })
        .execute()
        .then(() => false)
        .catch(() => true);
      await trx.insertInto('fans').values({ openid: 'o-after' }).execute();
      return failed;
    });
    expect(outcome).toBe(true);
    expect(await openids()).toEqual(['o-after', 'o-taken']);
  });

  it('runs a nested call inside the caller’s transaction', async () => {
    await transactionWithRetry(database.db, async (trx) => {
      await transactionWithRetry(trx, (inner) =>
        inner.insertInto('fans').values({ openid: 'o-nested' }).execute(),
      );
    });
    expect(await openids()).toEqual(['o-nested']);
  });
});

describe('group commit with the WAL synced off the event loop (SQLite file)', () => {
  let dir: string;
  let database: Database;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'weshop-group-'));
    database = await openDatabase({ dialect: 'sqlite', filename: join(dir, 'shop.db') });
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const synchronous = async (db: Kysely<Tables>) =>
    (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]!.synchronous;

  /** A WAL sync the test completes by hand. */
  function manualSync() {
    const pending: { resolve: () => void; reject: (error: unknown) => void }[] = [];
    const sync: WalSync = {
      durable: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
      syncs: () => 0,
      close: () => {},
    };
    return { sync, pending };
  }

  it('commits relaxed, answers only once the WAL sync is done, and puts FULL back', async () => {
    const { sync, pending } = manualSync();
    const group = createGroupCommit(database.db, { walSync: sync });
    let during = -1;
    const unit = group.run(async (trx) => {
      during = await synchronous(trx);
      await trx.insertInto('fans').values({ openid: 'o-durable' }).execute();
      return 'done';
    });
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    // Committed (readable) but not on disk yet: the caller has not heard back.
    const rows = await database.db.selectFrom('fans').select('openid').execute();
    expect(rows.map((row) => row.openid)).toEqual(['o-durable']);
    expect(
      await Promise.race([unit, new Promise((resolve) => setTimeout(() => resolve('waiting'), 20))]),
    ).toBe('waiting');
    expect(during).toBe(1); // NORMAL inside the batch
    expect(await synchronous(database.db)).toBe(2); // FULL for everything else
    pending[0]!.resolve();
    await expect(unit).resolves.toBe('done');
  });

  it('lets a batch committed right after another share its WAL sync', async () => {
    const { sync, pending } = manualSync();
    const group = createGroupCommit(database.db, { walSync: sync });
    let second: Promise<unknown> | undefined;
    const first = group.run(async (trx) => {
      // Queued while the first batch runs: it commits in a batch of its own, before any sync starts.
      second = group.run((inner) => inner.insertInto('fans').values({ openid: 'o-2' }).execute());
      await trx.insertInto('fans').values({ openid: 'o-1' }).execute();
    });
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    expect(group.stats().batches).toBe(2);
    pending[0]!.resolve();
    await Promise.all([first, second]);
    expect(pending).toHaveLength(1);
  });

  it('fails every unit of a batch whose sync failed, and keeps going', async () => {
    const { sync, pending } = manualSync();
    const group = createGroupCommit(database.db, { walSync: sync });
    const first = group.run((trx) => trx.insertInto('fans').values({ openid: 'o-1' }).execute());
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending[0]!.reject(new Error('EIO: i/o error, fdatasync'));
    await expect(first).rejects.toThrow(/EIO/);
    const second = group.run(async () => 'next');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]!.resolve();
    await expect(second).resolves.toBe('next');
  });

  it('is how a database file commits: its syncs are counted', async () => {
    const group = groupCommitOf(database.db)!;
    const before = group.stats().syncs;
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        transactionWithRetry(database.db, (trx) =>
          trx
            .insertInto('fans')
            .values({ openid: `o-${i}` })
            .execute(),
        ),
      ),
    );
    expect(group.stats().syncs).toBeGreaterThan(before);
    expect(await synchronous(database.db)).toBe(2);
  });
});
