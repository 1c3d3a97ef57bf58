import { describe, expect, it } from 'vitest';
import { checkPurchaseLimit, checkUnpaidUnits, unitsPerProduct } from './limits.ts';

/** A DomainError with this code and exactly these details. */
const domainError = (code: string, details: object) =>
  expect.objectContaining({ name: 'DomainError', code, details });

describe('checkUnpaidUnits', () => {
  it('allows up to the limit exactly', () => {
    expect(() => checkUnpaidUnits({ limit: 10, held: 8, requested: 2 })).not.toThrow();
  });

  it('names the limit, what is held and what was asked when past it', () => {
    expect(() => checkUnpaidUnits({ limit: 10, held: 8, requested: 3 })).toThrow(
      domainError('UNPAID_UNITS_LIMIT_EXCEEDED', { limit: 10, held: 8, requested: 3 }),
    );
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
    const over = { productId: 1, limit: 2, alreadyBought: 2, requested: 1 };
    expect(() => checkPurchaseLimit(over)).toThrow(domainError('PURCHASE_LIMIT_EXCEEDED', over));
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
