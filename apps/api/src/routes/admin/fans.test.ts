import { findLedgerMismatches } from '@weshop/db';
import { testDialects } from '@weshop/db/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, loginAsAdmin, signInFan } from '../../testing.ts';
import type { AdminClient, TestApp } from '../../testing.ts';

interface Change {
  balanceFen: number;
  replayed: boolean;
  entry: { id: number; kind: string; amountFen: number; reason: string };
}

const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;

describe.each(testDialects())('staff balance adjustments with an Idempotency-Key on %s', (dialect) => {
  let t: TestApp;
  let admin: AdminClient;

  const adjust = (body: object, key: string, openid = 'o-idem-1') =>
    admin.json('POST', `/api/admin/fans/${openid}/balance`, body, { 'idempotency-key': key });

  const ledgerRows = async () =>
    t.database.db.selectFrom('balance_ledger').select(['reference', 'amount_fen']).execute();

  beforeEach(async () => {
    t = await createTestApp(dialect);
    await signInFan(t, 'o-idem-1');
    await signInFan(t, 'o-idem-2');
    admin = await loginAsAdmin(t);
  });

  afterEach(async () => {
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
    await t.close();
  });

  const FIRST = { amountFen: 5000, reason: '门店充值', kind: 'topup' };

  it('replays the first entry for the same key and the same body', async () => {
    const first = await json<Change>(await adjust(FIRST, 'k-same'));
    const again = await adjust(FIRST, 'k-same');
    expect(again.status).toBe(200);
    expect(await json<Change>(again)).toMatchObject({
      balanceFen: 5000,
      replayed: true,
      entry: { id: first.entry.id },
    });
    // The kind the server would choose anyway is the same request.
    const implicit = await adjust({ amountFen: 5000, reason: '门店充值' }, 'k-same');
    expect(implicit.status).toBe(200);
    expect((await ledgerRows()).length).toBe(1);
  });

  it.each([
    ['another amount', { ...FIRST, amountFen: 6000 }],
    ['another reason', { ...FIRST, reason: '活动赠送' }],
    ['another kind', { ...FIRST, kind: 'adjustment' }],
  ])('refuses the same key with %s: 422 IDEMPOTENCY_KEY_REUSED, nothing moved', async (_, other) => {
    expect((await adjust(FIRST, 'k-reused')).status).toBe(200);
    const response = await adjust(other, 'k-reused');
    expect(response.status).toBe(422);
    expect(await json<{ code: string }>(response)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await ledgerRows()).toEqual([{ reference: 'admin:k-reused', amount_fen: 5000 }]);
  });

  it('refuses the same key for another fan', async () => {
    expect((await adjust(FIRST, 'k-fan')).status).toBe(200);
    expect((await adjust(FIRST, 'k-fan', 'o-idem-2')).status).toBe(422);
  });

  it('answers concurrent requests of one key with one entry: its body replays, any other is 422', async () => {
    const bodies = Array.from({ length: 10 }, (_, i) => ({
      ...FIRST,
      reason: i % 2 === 0 ? '门店充值' : '活动赠送',
    }));
    const responses = await Promise.all(bodies.map((body) => adjust(body, 'k-race')));
    const rows = await ledgerRows();
    expect(rows).toHaveLength(1);
    const winner = (await t.database.db
      .selectFrom('balance_ledger')
      .select(['id', 'reason'])
      .executeTakeFirstOrThrow()) as { id: number; reason: string };
    for (const [i, response] of responses.entries()) {
      if (bodies[i]!.reason === winner.reason) {
        expect(response.status).toBe(200);
        expect((await json<Change>(response)).entry.id).toBe(winner.id);
      } else {
        expect(response.status).toBe(422);
      }
    }
  });
});
