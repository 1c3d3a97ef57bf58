import * as db from '@weshop/db';
import { saveInboundBatch } from '@weshop/db';
import { createTestDatabase, testDialects } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInboundKeys } from './inbound-keys.ts';

// Counts the index's reads of the log (each starts with the latest id), calling through to the real one.
vi.mock('@weshop/db', async (importOriginal) => {
  const original = await importOriginal<typeof db>();
  return { ...original, latestInboundId: vi.fn(original.latestInboundId) };
});

const START = Date.parse('2026-11-22T08:00:00Z');
const seconds = (ms: number) => Math.floor(ms / 1000);

describe.each(testDialects())('inbound key index on %s', (dialect) => {
  let database: TestDatabase;
  let clock: number;
  const now = () => clock;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = START;
  });
  afterEach(() => database.close());

  /** Rows as the message log writes them (possibly by another instance). */
  async function logged(keys: string[], at = clock): Promise<void> {
    await saveInboundBatch(
      database.db,
      keys.map((dedupeKey) => ({
        dedupeKey,
        openid: 'oKeysFan0000000000000000001',
        msgType: 'text',
        event: null,
        content: 'hi',
        reply: '<xml/>',
        at: new Date(at).toISOString(),
      })),
    );
  }

  if (dialect === 'postgres') {
    it('always asks the database: ids do not follow commit order there', async () => {
      const index = createInboundKeys(database.db, { now });
      expect(await index.mayBeStored('msg:1', seconds(clock))).toBe(true);
    });
    return;
  }

  it('rules out fresh messages without a row, and knows rows written by any instance', async () => {
    const index = createInboundKeys(database.db, { now, refreshMs: 20 });
    expect(await index.mayBeStored('msg:1', seconds(clock))).toBe(false);

    await logged(['msg:1']); // another instance answered it
    // Within refreshMs of the last read the row may not be known yet ...
    clock += 10;
    expect(await index.mayBeStored('msg:1', seconds(clock))).toBe(false);
    // ... after that it always is.
    clock += 11;
    expect(await index.mayBeStored('msg:1', seconds(clock))).toBe(true);
    expect(await index.mayBeStored('msg:2', seconds(clock))).toBe(false);
  });

  it('after a restart, knows the last keepMs of the log and leaves older messages to the database', async () => {
    await logged(['msg:old'], START - 20 * 60_000);
    await logged(['msg:recent'], START - 60_000);
    const index = createInboundKeys(database.db, { now, keepMs: 10 * 60_000, skewMs: 30_000 });
    expect(await index.mayBeStored('msg:recent', seconds(START - 60_000))).toBe(true);
    expect(await index.mayBeStored('msg:new', seconds(START))).toBe(false);
    // Stamped before the kept window (less the clock allowance): may be in the log, look it up.
    expect(await index.mayBeStored('msg:old', seconds(START - 20 * 60_000))).toBe(true);
    expect(await index.mayBeStored('msg:unknown', seconds(START - 10 * 60_000 + 29_000))).toBe(true);
    expect(await index.mayBeStored('msg:unknown', seconds(START - 10 * 60_000 + 31_000))).toBe(false);
  });

  it('stops vouching for messages from before the keys it had to drop', async () => {
    const index = createInboundKeys(database.db, { now, maxKeys: 3, skewMs: 1_000, refreshMs: 0 });
    expect(await index.mayBeStored('msg:none', seconds(clock))).toBe(false);
    clock += 5_000;
    await logged(['msg:a', 'msg:b', 'msg:c', 'msg:d', 'msg:e']);
    clock += 1;
    const droppedAt = clock;
    expect(await index.mayBeStored('msg:e', seconds(clock))).toBe(true);
    // msg:a and msg:b were dropped (learnt at droppedAt): a message stamped up to then may be one of them.
    expect(await index.mayBeStored('msg:a', seconds(droppedAt))).toBe(true);
    expect(await index.mayBeStored('msg:z', seconds(droppedAt + 1_000))).toBe(true);
    expect(await index.mayBeStored('msg:z', seconds(droppedAt + 3_000))).toBe(false);
  });

  it('forgets keys after keepMs and then leaves their time to the database', async () => {
    const index = createInboundKeys(database.db, { now, keepMs: 60_000, skewMs: 1_000, refreshMs: 0 });
    await logged(['msg:kept']);
    const learnt = clock;
    expect(await index.mayBeStored('msg:kept', seconds(clock))).toBe(true);
    clock += 61_000;
    expect(await index.mayBeStored('msg:kept', seconds(learnt))).toBe(true); // by time, not by key
    expect(await index.mayBeStored('msg:later', seconds(clock))).toBe(false);
  });

  it('answers many concurrent messages from one read of the log, and reads again after refreshMs', async () => {
    await logged(['msg:7']);
    const reads = vi.mocked(db.latestInboundId);
    reads.mockClear();
    const index = createInboundKeys(database.db, { now, refreshMs: 20 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => index.mayBeStored(`msg:${i}`, seconds(clock))),
    );
    expect(answers.map((answer, i) => (answer ? i : -1)).filter((i) => i >= 0)).toEqual([7]);
    expect(reads).toHaveBeenCalledTimes(1);
    clock += 20;
    expect(await index.mayBeStored('msg:x', seconds(clock))).toBe(false);
    expect(reads).toHaveBeenCalledTimes(1);
    clock += 1;
    await index.mayBeStored('msg:x', seconds(clock));
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
