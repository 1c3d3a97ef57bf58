import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import type { Database } from './database.ts';
import { groupCommitOf } from './group-commit.ts';
import { transactionWithRetry } from './transaction.ts';

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
