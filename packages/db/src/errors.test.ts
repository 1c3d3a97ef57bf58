import { describe, expect, it } from 'vitest';
import { testDialects, createTestDatabase } from './testing.ts';
import { isRetryableTransactionError, isUniqueViolation } from './errors.ts';

describe('isRetryableTransactionError', () => {
  it('knows PostgreSQL serialization failures and deadlocks, and nothing else', () => {
    expect(isRetryableTransactionError({ code: '40001' })).toBe(true);
    expect(isRetryableTransactionError({ code: '40P01' })).toBe(true);
    expect(isRetryableTransactionError({ errcode: 40001 })).toBe(false);
    expect(isRetryableTransactionError(new Error('x'))).toBe(false);
    expect(isRetryableTransactionError(null)).toBe(false);
  });
});

describe.each(testDialects())('isUniqueViolation on %s', (dialect) => {
  it('recognises a duplicate key and not other failures', async () => {
    const t = await createTestDatabase(dialect);
    try {
      await t.db.insertInto('fans').values({ openid: 'o-dup' }).execute();
      const duplicate = await t.db
        .insertInto('fans')
        .values({ openid: 'o-dup' })
        .execute()
        .catch((error: unknown) => error);
      expect(isUniqueViolation(duplicate)).toBe(true);
      const other = await t.db
        .insertInto('cart_items')
        .values({ fan_id: 999, sku_id: 999, quantity: 0 })
        .execute()
        .catch((error: unknown) => error);
      expect(isUniqueViolation(other)).toBe(false);
    } finally {
      await t.close();
    }
  });
});
