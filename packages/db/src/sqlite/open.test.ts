import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { createTestDatabase } from '../testing.ts';

describe('opening SQLite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'weshop-db-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sets WAL, synchronous=FULL and foreign keys on the first and on later opens', async () => {
    const filename = join(dir, 'pragmas.db');
    for (let open = 0; open < 2; open++) {
      const database = await openDatabase({ dialect: 'sqlite', filename });
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(2);
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(3000);
      expect(await pragma('temp_store')).toBe(2);
      await database.close();
    }
  });

  it('takes the write lock when a transaction begins, so another process writing meanwhile cannot fail it', async () => {
    // A deferred BEGIN reads a snapshot; if another connection (`npm run worker`) commits before this
    // transaction's first write, that write fails with SQLITE_BUSY_SNAPSHOT, which no wait can fix.
    const filename = join(dir, 'immediate.db');
    const ours = await openDatabase({ dialect: 'sqlite', filename });
    const theirs = await openDatabase({ dialect: 'sqlite', filename }, { migrate: false });
    try {
      await sql`pragma busy_timeout = 50`.execute(theirs.db);
      const theirWrite = await ours.db.transaction().execute(async (trx) => {
        await trx.selectFrom('fans').selectAll().execute();
        const outcome = await theirs.db
          .insertInto('fans')
          .values({ openid: 'o-theirs' })
          .execute()
          .then(
            () => 'written',
            (error: { code?: string }) => error.code,
          );
        await trx.insertInto('fans').values({ openid: 'o-ours' }).execute();
        return outcome;
      });
      // They waited for our lock and gave up; ours committed.
      expect(theirWrite).toBe('SQLITE_BUSY');
      const fans = await ours.db.selectFrom('fans').select('openid').execute();
      expect(fans.map((fan) => fan.openid)).toEqual(['o-ours']);
    } finally {
      await theirs.close();
      await ours.close();
    }
  });

  it('fails with DATABASE_URL named when the path cannot be written', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    await expect(openDatabase({ dialect: 'sqlite', filename: join(blocker, 'shop.db') })).rejects.toThrow(
      /^DATABASE_URL: cannot open the SQLite database/,
    );
  });

  it('fails with DATABASE_URL named when the file is not a database', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite, just text that is long enough to have a header '.repeat(20));
    await expect(openDatabase({ dialect: 'sqlite', filename: junk })).rejects.toThrow(/^DATABASE_URL: /);
  });
});

describe('a second connection to the same SQLite file', () => {
  it('sees committed data (WAL readers)', async () => {
    const t = await createTestDatabase('sqlite', { file: true });
    try {
      const filename = (t.config as { filename: string }).filename;
      await t.db.insertInto('settings').values({ key: 'k', value: '"v"' }).execute();
      const other = new SQLite(filename, { readonly: true });
      expect(other.prepare('select value from settings where key = ?').get('k')).toEqual({ value: '"v"' });
      other.close();
    } finally {
      await t.close();
    }
  });
});
