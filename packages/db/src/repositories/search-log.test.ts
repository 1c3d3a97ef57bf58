import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import { logSearch, logSearches, topSearches, zeroResultSearches } from './search-log.ts';

describe.each(testDialects())('search log on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t?.close());

  it('logs searches and reports top and zero-result queries', async () => {
    const at = '2026-11-22T10:00:00.000Z';
    const log = (query: string, hits: number, now = at) =>
      logSearch(
        t.db,
        { query, normalized: query.trim().toLowerCase(), hits, openid: null, source: 'h5' },
        now,
      );
    await log('Dress', 3);
    await logSearches(t.db, [
      { query: 'dress ', normalized: 'dress', hits: 2, openid: 'oFan', source: 'chat', at },
      { query: 'qqzz', normalized: 'qqzz', hits: 0, openid: null, source: 'chat', at },
    ]);
    await log('old', 0, '2026-11-01T00:00:00.000Z');
    const since = '2026-11-22T00:00:00.000Z';
    expect(await topSearches(t.db, { since, limit: 10 })).toEqual([
      { normalized: 'dress', count: 2, hits: 3 },
      { normalized: 'qqzz', count: 1, hits: 0 },
    ]);
    expect(await zeroResultSearches(t.db, { since, limit: 10 })).toEqual([
      { normalized: 'qqzz', count: 1, hits: 0 },
    ]);
  });
});
