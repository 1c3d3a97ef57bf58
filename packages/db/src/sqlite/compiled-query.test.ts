import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import { compiledOnce, runCompiled } from './compiled-query.ts';

describe.each(testDialects())('compiledOnce on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.close());

  const build = (db: TestDatabase['db']) => (args: readonly [number, string]) =>
    db
      .selectFrom('settings')
      .select('key')
      .where('key', '=', args[1])
      .where('key', '!=', 'a constant')
      .limit(args[0]);

  it('fills each parameter from its argument when the arguments are used in another order', () => {
    const first = compiledOnce(t.db, 'test: settings by key', [5, 'x'] as const, build(t.db));
    const second = compiledOnce(t.db, 'test: settings by key', [7, 'y'] as const, build(t.db));
    expect(second.sql).toBe(first.sql);
    expect(first.parameters).toEqual(['x', 'a constant', 5]);
    expect(second.parameters).toEqual(['y', 'a constant', 7]);
  });

  it('builds the query only the first time for a key', () => {
    let builds = 0;
    const counted = (args: readonly [number, string]) => {
      builds++;
      return build(t.db)(args);
    };
    compiledOnce(t.db, 'test: counted', [1, 'a'] as const, counted);
    compiledOnce(t.db, 'test: counted', [2, 'b'] as const, counted);
    expect(builds).toBe(1);
  });

  it('runs with fresh parameters on every call', async () => {
    const echo = (text: string) =>
      runCompiled(t.db, 'test: echo', [text] as const, ([value]) =>
        t.db.selectNoFrom((eb) => eb.val(value).as('v')),
      );
    expect((await echo('first')).rows).toEqual([{ v: 'first' }]);
    expect((await echo('second')).rows).toEqual([{ v: 'second' }]);
  });
});
