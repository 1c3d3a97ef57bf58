import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import { ensureFanId, findFanByOpenid, findFanId, findOpenids, touchFan } from './fans.ts';

const NOW = '2026-11-22T08:00:00.000Z';

describe.each(testDialects())('fan ids on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t?.close());

  it('finds a fan id by openid, and nothing for an unknown openid', async () => {
    await touchFan(t.db, 'o-known', NOW);
    const fan = await findFanByOpenid(t.db, 'o-known');
    expect(await findFanId(t.db, 'o-known')).toBe(fan!.id);
    expect(await findFanId(t.db, 'o-unknown')).toBeUndefined();
  });

  it('creates the fan on first sight and returns the same id afterwards', async () => {
    const id = await ensureFanId(t.db, 'o-new', NOW);
    expect(await findFanByOpenid(t.db, 'o-new')).toMatchObject({ id, firstSeenAt: NOW, lastSeenAt: NOW });
    expect(await ensureFanId(t.db, 'o-new', '2026-11-23T08:00:00.000Z')).toBe(id);
    expect(await findFanByOpenid(t.db, 'o-new')).toMatchObject({ firstSeenAt: NOW, lastSeenAt: NOW });
  });

  it('maps fan ids to openids, leaving out ids without a fan', async () => {
    const a = await ensureFanId(t.db, 'o-a', NOW);
    const b = await ensureFanId(t.db, 'o-b', NOW);
    expect(await findOpenids(t.db, [a, b, a, 999_999])).toEqual(
      new Map([
        [a, 'o-a'],
        [b, 'o-b'],
      ]),
    );
    expect(await findOpenids(t.db, [])).toEqual(new Map());
  });
});
