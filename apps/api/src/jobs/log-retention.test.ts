import { logSearches, recordLoginAttempt, saveInboundBatch, saveSignedBodies } from '@weshop/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing.ts';
import type { TestApp } from '../testing.ts';
import { createLogRetention } from './log-retention.ts';

const NOW = new Date('2026-12-05T08:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60_000).toISOString();

describe('log retention', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp('sqlite');
    t.setNow(NOW);
  });
  afterEach(() => t.close());

  async function logged(ages: number[]): Promise<void> {
    await saveInboundBatch(
      t.database.db,
      ages.map((age, index) => ({
        dedupeKey: `age:${age}:${index}`,
        openid: 'oRetentionJob000000000000001',
        msgType: 'text',
        event: null,
        content: 'hi',
        reply: '<xml/>',
        at: daysAgo(age),
      })),
    );
    await logSearches(
      t.database.db,
      ages.map((age) => ({
        query: 'x',
        normalized: 'x',
        hits: 1,
        openid: null,
        source: 'h5',
        at: daysAgo(age),
      })),
    );
  }

  const count = async (table: 'inbound_messages' | 'search_log' | 'login_attempts') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('deletes each log past its own retention, in batches, and keeps the rest', async () => {
    await logged([200, 100, 40, 31, 29, 1, 0]);
    const retention = createLogRetention(
      { ...t.deps, config: { ...t.deps.config, logRetention: { inboundDays: 30, searchDays: 90 } } },
      { batch: 2 },
    );
    expect(await retention.runOnce()).toEqual({
      inbound_messages: 4,
      search_log: 2,
      webhook_replays: 0,
      login_attempts: 0,
    });
    expect(await count('inbound_messages')).toBe(3);
    expect(await count('search_log')).toBe(5);
    expect(await retention.runOnce()).toEqual({
      inbound_messages: 0,
      search_log: 0,
      webhook_replays: 0,
      login_attempts: 0,
    });
  });

  it('keeps staff login attempts for 90 days', async () => {
    for (const age of [120, 91, 89, 0]) {
      await recordLoginAttempt(t.database.db, {
        username: 'owner',
        ip: '203.0.113.7',
        outcome: 'failure',
        at: daysAgo(age),
      });
    }
    expect(await createLogRetention(t.deps).runOnce()).toMatchObject({ login_attempts: 2 });
    expect(await count('login_attempts')).toBe(2);
  });

  it("keeps the webhook's stamps ten minutes, past the ±300 s timestamp window", async () => {
    const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
    await saveSignedBodies(
      t.database.db,
      [11, 10.5, 9, 1].map((minutes) => ({ stamp: `${minutes}:n`, bodyHash: 'h', at: minutesAgo(minutes) })),
    );
    expect(await createLogRetention(t.deps).runOnce()).toMatchObject({ webhook_replays: 2 });
    const left = await t.database.db.selectFrom('webhook_replays').select('stamp').orderBy('stamp').execute();
    expect(left.map((row) => row.stamp)).toEqual(['1:n', '9:n']);
  });

  it('runs on its timer with the configured defaults, and stops cleanly', async () => {
    await logged([400, 181, 31, 2]);
    const retention = createLogRetention(t.deps, { intervalMs: 5 });
    retention.start();
    await expect.poll(() => count('inbound_messages')).toBe(1);
    await expect.poll(() => count('search_log')).toBe(2);
    await retention.stop();
    await logged([400]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await count('inbound_messages')).toBe(2);
  });
});
