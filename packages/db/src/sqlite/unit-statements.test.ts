import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../database.ts';
import type { Database } from '../database.ts';
import { isUniqueViolation } from '../errors.ts';
import { runCompiled } from './compiled-query.ts';
import { transactionWithRetry } from '../transaction.ts';
import type { Executor } from '../transaction.ts';

describe('statements of a group-commit unit (SQLite)', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openDatabase({ dialect: 'sqlite', filename: ':memory:' });
  });
  afterEach(() => database.close());

  const insertFan = (db: Executor, openid: string) =>
    runCompiled(db, 'test: insert fan', [openid], ([id]) => db.insertInto('fans').values({ openid: id }));
  const fanIds = (db: Executor) =>
    runCompiled(db, 'test: fan ids', [], () => db.selectFrom('fans').select('id').orderBy('id'));

  it('run on the connection, not through Kysely, with the results Kysely would give', async () => {
    const viaKysely = await insertFan(database.db, 'o-kysely');
    let kyselyCalls = 0;
    const { direct, rows } = await transactionWithRetry(database.db, async (trx) => {
      const spy = vi.spyOn(trx, 'executeQuery');
      const result = await insertFan(trx, 'o-direct');
      const read = await fanIds(trx);
      kyselyCalls = spy.mock.calls.length;
      return { direct: result, rows: read.rows };
    });
    expect(kyselyCalls).toBe(0);
    expect(direct).toEqual({ rows: [], numAffectedRows: 1n, insertId: viaKysely.insertId! + 1n });
    expect(Object.keys(viaKysely).sort()).toEqual(Object.keys(direct).sort());
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('fail as SQLite fails, without ending the unit, and roll back with it', async () => {
    await insertFan(database.db, 'o-taken');
    await expect(
      transactionWithRetry(database.db, async (trx) => {
        const error = await insertFan(trx, 'o-taken').catch((failure: unknown) => failure);
        expect(isUniqueViolation(error)).toBe(true);
        await insertFan(trx, 'o-then');
        expect((await fanIds(trx)).rows).toHaveLength(2);
        throw new Error('the unit gives up');
      }),
    ).rejects.toThrow('the unit gives up');
    expect((await fanIds(database.db)).rows).toEqual([{ id: 1 }]);
  });

  it('go back to Kysely once the unit is over', async () => {
    let leaked: Executor | undefined;
    await transactionWithRetry(database.db, async (trx) => {
      leaked = trx;
    });
    await expect(insertFan(leaked!, 'o-late')).rejects.toThrow();
    expect((await fanIds(database.db)).rows).toEqual([]);
  });
});
