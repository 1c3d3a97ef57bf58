import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inRelaxedTransaction } from '../transaction.ts';
import type { DB } from '../database.ts';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import {
  claimInboundMessage,
  completeInboundMessage,
  findInboundClaim,
  firstInboundIdSince,
  firstInboundIdSinceQuery,
  inboundKeysBetween,
  saveInboundBatch,
} from './inbound-messages.ts';

const AT = '2026-11-22T08:00:00.000Z';
const row = (key: string) => ({
  dedupeKey: key,
  openid: 'oInbound000000000000000000001',
  msgType: 'text',
  event: null,
  content: 'hi',
  reply: `<xml>${key}</xml>`,
  at: AT,
});

describe.each(testDialects())('inbound messages on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect, { file: dialect === 'sqlite' });
  });
  afterAll(() => t.close());

  /** The commit durability the connection would use now: SQLite `synchronous`, Postgres `synchronous_commit`. */
  async function durability(db: DB): Promise<string> {
    const query = dialect === 'sqlite' ? sql`pragma synchronous` : sql`show synchronous_commit`;
    const first = (await query.execute(db)).rows[0] as Record<string, unknown>;
    return String(Object.values(first)[0]);
  }

  it('finds missing, processing and done claims by key', async () => {
    expect(await findInboundClaim(t.db, 'msg:lookup')).toEqual({ status: 'missing' });
    const entry = { dedupeKey: 'msg:lookup', openid: 'o1', msgType: 'text', event: null, content: 'x' };
    expect(await claimInboundMessage(t.db, entry, AT)).toEqual({ status: 'claimed' });
    expect(await claimInboundMessage(t.db, entry, AT)).toEqual({ status: 'processing' });
    await completeInboundMessage(t.db, 'msg:lookup', '<xml>a</xml>', AT);
    expect(await findInboundClaim(t.db, 'msg:lookup')).toEqual({ status: 'done', reply: '<xml>a</xml>' });
    // Also inside a transaction, which compiles to the same SQL.
    await t.db.transaction().execute(async (trx) => {
      expect(await findInboundClaim(trx, 'msg:lookup')).toEqual({ status: 'done', reply: '<xml>a</xml>' });
    });
  });

  it("never reads another transaction's uncommitted claim", async () => {
    let read: ReturnType<typeof findInboundClaim> | undefined;
    const entry = { dedupeKey: 'msg:uncommitted', openid: 'o1', msgType: 'text', event: null, content: 'x' };
    await expect(
      t.db.transaction().execute(async (trx) => {
        expect(await claimInboundMessage(trx, entry, AT)).toEqual({ status: 'claimed' });
        // Another request looks the key up while this transaction is open between two statements.
        read = findInboundClaim(t.db, 'msg:uncommitted');
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await read).toEqual({ status: 'missing' });
  });

  it('saves a batch once per key, keeping the first reply, and says which keys it wrote', async () => {
    expect(await saveInboundBatch(t.db, [row('msg:b1'), row('msg:b2')])).toEqual(['msg:b1', 'msg:b2']);
    expect(
      await saveInboundBatch(t.db, [{ ...row('msg:b1'), reply: '<xml>second</xml>' }, row('msg:b3')]),
    ).toEqual(['msg:b3']);
    expect(await findInboundClaim(t.db, 'msg:b1')).toEqual({ status: 'done', reply: '<xml>msg:b1</xml>' });
    expect(await findInboundClaim(t.db, 'msg:b2')).toEqual({ status: 'done', reply: '<xml>msg:b2</xml>' });
  });

  it('stores every column of a batch larger than one statement, and each fan once with its last visit', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({
      ...row(`msg:many-${i}`),
      openid: `oManyFan${i % 7}`,
      event: i % 2 ? 'CLICK' : null,
      content: i % 3 ? `内容 ${i}` : null,
      at: new Date(Date.parse(AT) + i * 1000).toISOString(),
    }));
    await saveInboundBatch(t.db, rows);
    const stored = await t.db
      .selectFrom('inbound_messages')
      .select(['dedupe_key', 'openid', 'msg_type', 'event', 'content', 'status', 'reply', 'created_at'])
      .where('dedupe_key', 'like', 'msg:many-%')
      .orderBy('id')
      .execute();
    expect(stored).toEqual(
      rows.map((r) => ({
        dedupe_key: r.dedupeKey,
        openid: r.openid,
        msg_type: 'text',
        event: r.event,
        content: r.content,
        status: 'done',
        reply: r.reply,
        created_at: r.at,
      })),
    );
    const fans = await t.db
      .selectFrom('fans')
      .select(['openid', 'last_seen_at'])
      .where('openid', 'like', 'oManyFan%')
      .orderBy('openid')
      .execute();
    expect(fans).toEqual(
      Array.from({ length: 7 }, (_, f) => ({
        openid: `oManyFan${f}`,
        last_seen_at: rows.filter((r) => r.openid === `oManyFan${f}`).at(-1)!.at,
      })),
    );
  });

  it('finds where the rows since a moment start, even when their times are not in id order', async () => {
    const later = (minute: number) => `2026-12-01T08:${String(minute).padStart(2, '0')}:00.000Z`;
    expect(await firstInboundIdSince(t.db, later(0))).toBeUndefined();
    // Rows answered at 08:05, 08:01 (a slow answer committed later), 08:07, in this commit order.
    for (const [key, minute] of [
      ['since:a', 5],
      ['since:b', 1],
      ['since:c', 7],
    ] as const) {
      await saveInboundBatch(t.db, [{ ...row(key), at: later(minute) }]);
    }
    const page = await inboundKeysBetween(t.db, { afterId: 0, upToId: 1e9, since: later(0), limit: 10 });
    const idOf = (key: string) => page.find((entry) => entry.dedupeKey === key)!.id;
    expect(await firstInboundIdSince(t.db, later(0))).toBe(idOf('since:a'));
    expect(await firstInboundIdSince(t.db, later(2))).toBe(idOf('since:a'));
    expect(await firstInboundIdSince(t.db, later(6))).toBe(idOf('since:c'));
    expect(await firstInboundIdSince(t.db, later(8))).toBeUndefined();
  });

  if (dialect === 'sqlite') {
    it('finds that start through the created_at index, not by scanning ids from the first', async () => {
      const query = firstInboundIdSinceQuery(t.db, AT);
      const plan = await t.db.executeQuery(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const steps = plan.rows.map((step) => String((step as { detail: unknown }).detail));
      expect(steps.join('\n')).toMatch(
        /USING (COVERING )?INDEX inbound_messages_created_idx \(created_at>\?\)/,
      );
    });
  }

  it('commits the relaxed transaction without a synchronous flush, and restores the setting after', async () => {
    const strict = await durability(t.db);
    expect(strict).toBe(dialect === 'sqlite' ? '2' : 'on');
    const inside = await inRelaxedTransaction(t.db, (trx) => durability(trx));
    expect(inside).toBe(dialect === 'sqlite' ? '1' : 'off');
    expect(await durability(t.db)).toBe(strict);
  });

  it('rolls back a failed relaxed transaction and still restores the setting', async () => {
    const strict = await durability(t.db);
    await expect(
      inRelaxedTransaction(t.db, async (trx) => {
        await saveInboundBatch(trx, [row('msg:rolled-back')]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await findInboundClaim(t.db, 'msg:rolled-back')).toEqual({ status: 'missing' });
    expect(await durability(t.db)).toBe(strict);
  });
});
