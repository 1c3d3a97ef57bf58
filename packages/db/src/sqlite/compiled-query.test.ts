import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import { compiledOnce, runCompiled, verifyCompiledKeys } from './compiled-query.ts';

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

  it('fails naming the key and both SQL texts when a key is reused for another statement', () => {
    const byKey = ([key]: readonly [string]) =>
      t.db.selectFrom('settings').select('value').where('key', '=', key);
    const byValue = ([value]: readonly [string]) =>
      t.db.selectFrom('settings').select('key').where('value', '=', value);
    const first = compiledOnce(t.db, 'test: reused key', ['a'] as const, byKey);
    const second = byValue(['b']).compile();
    expect(() => compiledOnce(t.db, 'test: reused key', ['b'] as const, byValue)).toThrow(
      `compiled query key "test: reused key" is used for two different statements; put what changes the ` +
        `statement in the key.\n  first:   ${first.sql}\n  then:    ${second.sql}`,
    );
  });

  it('fails when a reused key feeds the same SQL its arguments in another order', () => {
    const build = (args: readonly [string, string]) =>
      t.db.selectFrom('settings').select('key').where('key', '=', args[0]).where('value', '=', args[1]);
    compiledOnce(t.db, 'test: swapped', ['k', 'v'] as const, build);
    expect(() =>
      compiledOnce(t.db, 'test: swapped', ['v', 'k'] as const, (args) => build([args[1], args[0]])),
    ).toThrow(/"test: swapped" is used for two different statements \(the same SQL with its arguments/);
  });

  it('fails without verification too when the reused key comes with another number of arguments', () => {
    verifyCompiledKeys(false);
    try {
      compiledOnce(t.db, 'test: arity', ['a'] as const, ([key]) =>
        t.db.selectFrom('settings').select('value').where('key', '=', key),
      );
      expect(() =>
        compiledOnce(t.db, 'test: arity', ['a', 'b'] as const, ([key, value]) =>
          t.db.selectFrom('settings').select('value').where('key', '=', key).where('value', '=', value),
        ),
      ).toThrow(/compiled query key "test: arity" is used for two different statements/);
    } finally {
      verifyCompiledKeys();
    }
  });

  it('accepts another build function for the key when it builds the same statement', () => {
    const site = () =>
      compiledOnce(t.db, 'test: two sites', ['x'] as const, ([key]) =>
        t.db.selectFrom('settings').select('value').where('key', '=', key),
      );
    expect(site().sql).toBe(site().sql);
  });
});
