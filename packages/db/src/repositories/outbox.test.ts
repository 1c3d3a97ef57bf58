import { DomainError } from '@weshop/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database.ts';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import {
  claimOutbox,
  completeOutbox,
  countOutboxByStatus,
  enqueueOutbox,
  findOutbox,
  findOutboxByKey,
  listOutbox,
  retryOutbox,
} from './outbox.ts';
import type { ClaimedOutbox } from './outbox.ts';

const T0 = '2026-11-22T08:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const payload = { templateId: 'tpl', data: { thing1: { value: 'x' } } };

describe.each(testDialects())('outbox repository on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect, { file: dialect === 'sqlite' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.deleteFrom('outbox_attempts').execute();
    await t.db.deleteFrom('outbox').execute();
  });

  const enqueue = (key: string, now = T0) =>
    enqueueOutbox(t.db, { dedupeKey: key, kind: 'template', openid: 'o1', payload }, now);

  it('queues once per dedupe key', async () => {
    expect(await enqueue('shipped:1')).toBe(true);
    expect(await enqueue('shipped:1')).toBe(false);
    expect(await countOutboxByStatus(t.db)).toEqual({ pending: 1, sending: 0, sent: 0, failed: 0 });
    expect(await findOutboxByKey(t.db, 'shipped:1')).toMatchObject({
      status: 'pending',
      payload,
      attempts: 0,
    });
  });

  it('refuses a dedupe key longer than 64 bytes (WeChat client_msg_id)', async () => {
    await expect(enqueue('好'.repeat(22))).rejects.toThrow(RangeError);
  });

  it('leaves nothing behind when the enqueuing transaction rolls back', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await enqueueOutbox(trx, { dedupeKey: 'k', kind: 'template', openid: 'o1', payload }, T0);
        throw new Error('ship failed');
      }),
    ).rejects.toThrow('ship failed');
    expect(await findOutboxByKey(t.db, 'k')).toBeUndefined();
  });

  it('claims due rows only, leases them and counts the attempt', async () => {
    await enqueue('a', at(0));
    await enqueue('b', at(10));
    const claims = await claimOutbox(t.db, { limit: 10, leaseMs: 30_000, now: at(5) });
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ dedupeKey: 'a', attempt: 1, payload, leaseUntil: at(35) });
    expect(await claimOutbox(t.db, { limit: 10, leaseMs: 30_000, now: at(6) })).toHaveLength(0);
    expect(await findOutboxByKey(t.db, 'a')).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('takes over a row whose lease ran out, and fences the old holder out', async () => {
    await enqueue('a');
    const [first] = await claimOutbox(t.db, { limit: 1, leaseMs: 1000, now: at(0) });
    expect(await claimOutbox(t.db, { limit: 1, leaseMs: 1000, now: at(0.5) })).toHaveLength(0);
    const [second] = await claimOutbox(t.db, { limit: 1, leaseMs: 1000, now: at(2) });
    expect(second).toMatchObject({ id: first!.id, attempt: 2 });
    // The first holder comes back late: its result does not overwrite the new lease.
    const stale = await completeOutbox(
      t.db,
      [{ claim: first!, outcome: 'failed', errcode: 47003, error: 'late', durationMs: 1 }],
      { now: at(2.5) },
    );
    expect(stale).toBe(0);
    const fresh = await completeOutbox(
      t.db,
      [{ claim: second!, outcome: 'sent', wechatMsgId: '123', durationMs: 20 }],
      { now: at(3) },
    );
    expect(fresh).toBe(1);
    const detail = await findOutbox(t.db, first!.id);
    expect(detail).toMatchObject({ status: 'sent', wechatMsgId: '123', sentAt: at(3), leaseUntil: null });
    expect(detail?.attemptLog.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'sent'],
    ]);
  });

  it('marks a batch sent in one go, each row still fenced by its own claim', async () => {
    for (const key of ['s1', 's2', 's3']) await enqueue(key);
    const claims = await claimOutbox(t.db, { limit: 3, leaseMs: 1000, now: at(0) });
    // The leases ran out and another worker took s1 over before this one reported.
    const [taken] = await claimOutbox(t.db, { limit: 1, leaseMs: 1000, now: at(1.5) });
    expect(taken?.dedupeKey).toBe('s1');
    const sent = (claim: ClaimedOutbox) => ({
      claim,
      outcome: 'sent' as const,
      wechatMsgId: `m-${claim.dedupeKey}-${claim.attempt}`,
      durationMs: 20,
    });
    expect(await completeOutbox(t.db, claims.map(sent), { now: at(1.6) })).toBe(2);
    expect(await completeOutbox(t.db, [sent(taken!)], { now: at(1.7) })).toBe(1);
    const rows = await t.db
      .selectFrom('outbox')
      .select(['dedupe_key', 'status', 'wechat_msg_id'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { dedupe_key: 's1', status: 'sent', wechat_msg_id: 'm-s1-2' },
      { dedupe_key: 's2', status: 'sent', wechat_msg_id: 'm-s2-1' },
      { dedupe_key: 's3', status: 'sent', wechat_msg_id: 'm-s3-1' },
    ]);
  });

  it('puts a retry back to pending at its next time, and a pause without spending the attempt', async () => {
    await enqueue('r');
    await enqueue('p');
    const claims = await claimOutbox(t.db, { limit: 2, leaseMs: 60_000, now: at(0) });
    const [r, p] = claims;
    await completeOutbox(
      t.db,
      [
        {
          claim: r!,
          outcome: 'retry',
          errcode: null,
          error: 'HTTP 502',
          durationMs: 3,
          nextAttemptAt: at(15),
        },
        {
          claim: p!,
          outcome: 'paused',
          errcode: 45009,
          error: 'quota',
          durationMs: 3,
          nextAttemptAt: at(3600),
        },
      ],
      { now: at(1) },
    );
    expect(await findOutboxByKey(t.db, 'r')).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: at(15),
      lastError: 'HTTP 502',
      leaseUntil: null,
    });
    expect(await findOutboxByKey(t.db, 'p')).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastErrcode: 45009,
    });
    expect(await claimOutbox(t.db, { limit: 5, leaseMs: 60_000, now: at(14) })).toHaveLength(0);
    expect(
      (await claimOutbox(t.db, { limit: 5, leaseMs: 60_000, now: at(15) })).map((c) => c.dedupeKey),
    ).toEqual(['r']);
  });

  it('rolls the marks back when the commit never happens (after_mark failpoint)', async () => {
    await enqueue('m');
    const [claim] = await claimOutbox(t.db, { limit: 1, leaseMs: 60_000, now: at(0) });
    await expect(
      completeOutbox(t.db, [{ claim: claim!, outcome: 'sent', wechatMsgId: '1', durationMs: 1 }], {
        beforeCommit: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect(await findOutbox(t.db, claim!.id)).toMatchObject({ status: 'sending', attemptLog: [] });
  });

  it('retries a failed row with a fresh budget, and only a failed one', async () => {
    await enqueue('f');
    const [claim] = await claimOutbox(t.db, { limit: 1, leaseMs: 60_000, now: at(0) });
    expect(await retryOutbox(t.db, claim!.id, at(1))).toBe('not_failed');
    await completeOutbox(t.db, [
      { claim: claim!, outcome: 'failed', errcode: 40037, error: 'bad', durationMs: 1 },
    ]);
    expect(await retryOutbox(t.db, claim!.id, at(2))).toBe('retried');
    expect(await findOutbox(t.db, claim!.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at(2),
    });
    expect(await retryOutbox(t.db, 999_999, at(2))).toBe('not_found');
  });

  it('lists newest first by status with a cursor', async () => {
    for (const key of ['l1', 'l2', 'l3']) await enqueue(key);
    const [claim] = await claimOutbox(t.db, { limit: 1, leaseMs: 60_000, now: at(0) });
    await completeOutbox(t.db, [
      { claim: claim!, outcome: 'failed', errcode: 40003, error: 'x', durationMs: 1 },
    ]);
    const first = await listOutbox(t.db, { limit: 1 });
    expect(first.items.map((m) => m.dedupeKey)).toEqual(['l3']);
    const second = await listOutbox(t.db, { limit: 5, cursor: first.nextCursor! });
    expect(second).toMatchObject({ nextCursor: null });
    expect(second.items.map((m) => m.dedupeKey)).toEqual(['l2', 'l1']);
    const failed = await listOutbox(t.db, { limit: 5, status: 'failed' });
    expect(failed.items.map((m) => m.dedupeKey)).toEqual(['l1']);
    await expect(listOutbox(t.db, { limit: 5, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(DomainError);
  });

  it('gives each row to one of several concurrent claimers', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `c:${i}`);
    await t.db
      .insertInto('outbox')
      .values(
        keys.map((key) => ({
          dedupe_key: key,
          kind: 'template' as const,
          openid: 'o1',
          payload: JSON.stringify(payload),
          status: 'pending' as const,
          next_attempt_at: T0,
          created_at: T0,
          updated_at: T0,
        })),
      )
      .execute();
    // A second connection to the same database plays another process.
    const other = await openDatabase(t.config, { migrate: false });
    try {
      const claimers = [t.db, other.db, t.db, other.db];
      const seen: string[] = [];
      for (let round = 0; round < 20; round++) {
        const batches = await Promise.all(
          claimers.map((db) => claimOutbox(db, { limit: 7, leaseMs: 60_000, now: at(1) })),
        );
        for (const batch of batches) seen.push(...batch.map((claim) => claim.dedupeKey));
      }
      expect(seen.length).toBe(200);
      expect(new Set(seen).size).toBe(200);
    } finally {
      await other.close();
    }
  });
});
