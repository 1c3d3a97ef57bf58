import { DomainError, ProductInputSchema } from '@weshop/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import { applyLedgerEntry, balanceOf, findLedgerMismatches, listLedgerEntries } from './balance.ts';
import { createProduct } from './catalog.ts';
import { adjustStock, releaseStock, reserveStock } from './stock.ts';

const NOW = '2026-11-22T08:00:00.000Z';

describe.each(testDialects())('ledger and stock statements on %s', (dialect) => {
  let t: TestDatabase;
  let fanId: number;
  let skuId: number;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    fanId = (
      await t.db.insertInto('fans').values({ openid: 'o-ledger' }).returning('id').executeTakeFirstOrThrow()
    ).id;
    const product = await createProduct(
      t.db,
      ProductInputSchema.parse({ title: '茶叶', skus: [{ priceFen: 100, stock: 2 }] }),
    );
    skuId = product.skus[0]!.id;
  });
  afterEach(() => t.close());

  const entry = (amountFen: number, reference: string) =>
    applyLedgerEntry(t.db, {
      fanId,
      kind: amountFen > 0 ? 'topup' : 'spend',
      amountFen,
      reason: '测试',
      actor: 'test',
      reference,
      now: NOW,
    });

  it('keeps the balance equal to the ledger and never below zero', async () => {
    expect((await entry(500, 'r1')).entry.balanceAfterFen).toBe(500);
    expect((await entry(-200, 'r2')).entry.balanceAfterFen).toBe(300);
    await expect(entry(-301, 'r3')).rejects.toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      details: { balanceFen: 300 },
    });
    expect(await balanceOf(t.db, fanId)).toBe(300);
    expect(await findLedgerMismatches(t.db)).toEqual([]);
    const page = await listLedgerEntries(t.db, { fanId, limit: 1 });
    expect(page.items.map((e) => e.amountFen)).toEqual([-200]);
    const next = await listLedgerEntries(t.db, { fanId, limit: 5, cursor: page.nextCursor! });
    expect(next.items.map((e) => e.amountFen)).toEqual([500]);
  });

  it('refuses a debit when the fan has no account yet, and opens it on the first credit', async () => {
    await expect(entry(-1, 'early')).rejects.toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      details: { balanceFen: 0, requiredFen: 1 },
    });
    expect(await listLedgerEntries(t.db, { fanId, limit: 5 })).toMatchObject({ items: [] });
    expect((await entry(1, 'first')).entry.balanceAfterFen).toBe(1);
    expect(await balanceOf(t.db, fanId)).toBe(1);
  });

  it('answers the entry exactly as it was stored', async () => {
    const { entry: written } = await entry(500, 'stored');
    const page = await listLedgerEntries(t.db, { fanId, limit: 1 });
    const { fanId: _fan, orderId: _order, reference: _reference, actor: _actor, ...shown } = written;
    expect(page.items).toEqual([shown]);
  });

  it('applies a reference once, and refuses it for another amount', async () => {
    await entry(500, 'same');
    const again = await entry(500, 'same');
    expect(again.replayed).toBe(true);
    expect(await balanceOf(t.db, fanId)).toBe(500);
    const error = await entry(700, 'same').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a zero or fractional amount before touching the database', async () => {
    await expect(entry(0, 'z')).rejects.toThrow(RangeError);
    await expect(entry(1.5, 'f')).rejects.toThrow(RangeError);
  });

  it('reserves stock only when there is enough, and reports it as a boolean', async () => {
    expect(await reserveStock(t.db, skuId, 2, NOW)).toBe(true);
    expect(await reserveStock(t.db, skuId, 1, NOW)).toBe(false);
    await releaseStock(t.db, [{ skuId, quantity: 1 }], NOW);
    expect(await reserveStock(t.db, skuId, 1, NOW)).toBe(true);
  });

  it('restocks by delta and refuses a write-off below zero', async () => {
    expect(await adjustStock(t.db, skuId, 5, NOW)).toBe(7);
    await expect(adjustStock(t.db, skuId, -8, NOW)).rejects.toMatchObject({
      code: 'OUT_OF_STOCK',
      details: { available: 7 },
    });
    await expect(adjustStock(t.db, 999_999, 1, NOW)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stops a negative stock at the CHECK constraint even without the condition', async () => {
    await expect(
      t.db.updateTable('skus').set({ stock: -1 }).where('id', '=', skuId).execute(),
    ).rejects.toThrow();
  });
});
