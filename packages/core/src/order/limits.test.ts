import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { checkPurchaseLimit, checkUnpaidUnits, unitsPerProduct } from './limits.ts';

const thrown = (work: () => void): DomainError => {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
};

describe('checkUnpaidUnits', () => {
  it('allows up to the limit exactly', () => {
    expect(() => checkUnpaidUnits({ limit: 10, held: 8, requested: 2 })).not.toThrow();
  });

  it('names the limit, what is held and what was asked when past it', () => {
    const error = thrown(() => checkUnpaidUnits({ limit: 10, held: 8, requested: 3 }));
    expect(error.code).toBe('UNPAID_UNITS_LIMIT_EXCEEDED');
    expect(error.details).toEqual({ limit: 10, held: 8, requested: 3 });
  });
});

describe('checkPurchaseLimit', () => {
  it('never refuses without a limit', () => {
    expect(() =>
      checkPurchaseLimit({ productId: 1, limit: null, alreadyBought: 1000, requested: 99 }),
    ).not.toThrow();
  });

  it('allows up to the limit exactly and refuses the unit after it', () => {
    expect(() =>
      checkPurchaseLimit({ productId: 1, limit: 2, alreadyBought: 1, requested: 1 }),
    ).not.toThrow();
    const error = thrown(() =>
      checkPurchaseLimit({ productId: 1, limit: 2, alreadyBought: 2, requested: 1 }),
    );
    expect(error.code).toBe('PURCHASE_LIMIT_EXCEEDED');
    expect(error.details).toEqual({ productId: 1, limit: 2, alreadyBought: 2, requested: 1 });
  });
});

describe('unitsPerProduct', () => {
  it('adds up the lines of one product', () => {
    const units = unitsPerProduct([
      { productId: 1, quantity: 2 },
      { productId: 2, quantity: 1 },
      { productId: 1, quantity: 3 },
    ]);
    expect([...units]).toEqual([
      [1, 5],
      [2, 1],
    ]);
  });
});
