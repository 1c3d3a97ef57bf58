import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import { saveInboundBatch } from './inbound-messages.ts';
import { deleteLogRowsBefore } from './log-retention.ts';
import { logSearches } from './search-log.ts';

const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}T08:00:00.000Z`;

describe.each(testDialects())('log retention on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    // Written out of time order: ids do not follow created_at.
    const days = [5, 1, 3, 2, 20, 4];
    await saveInboundBatch(
      t.db,
      days.map((n) => ({
        dedupeKey: `retention:${n}`,
        openid: 'oRetention0000000000000000001',
        msgType: 'text',
        event: null,
        content: 'hi',
        reply: '<xml/>',
        at: day(n),
      })),
    );
    await logSearches(
      t.db,
      days.map((n) => ({
        query: `q${n}`,
        normalized: `q${n}`,
        hits: 0,
        openid: null,
        source: 'chat' as const,
        at: day(n),
      })),
    );
  });
  afterAll(() => t.close());

  const inboundKeys = async () =>
    (await t.db.selectFrom('inbound_messages').select('dedupe_key').orderBy('dedupe_key').execute()).map(
      (row) => row.dedupe_key,
    );

  it('deletes the oldest rows before the cutoff, at most `limit` at a time, and nothing newer', async () => {
    expect(await deleteLogRowsBefore(t.db, 'inbound_messages', day(4), 2)).toBe(2);
    expect(await inboundKeys()).toEqual(['retention:20', 'retention:3', 'retention:4', 'retention:5']);
    expect(await deleteLogRowsBefore(t.db, 'inbound_messages', day(4), 2)).toBe(1);
    expect(await deleteLogRowsBefore(t.db, 'inbound_messages', day(4), 2)).toBe(0);
    expect(await inboundKeys()).toEqual(['retention:20', 'retention:4', 'retention:5']);
  });

  it('works on the search log the same way', async () => {
    expect(await deleteLogRowsBefore(t.db, 'search_log', day(10), 100)).toBe(5);
    const left = await t.db.selectFrom('search_log').select('query').execute();
    expect(left.map((row) => row.query)).toEqual(['q20']);
  });
});
