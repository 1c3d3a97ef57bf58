import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  FenSchema,
  MAX_FEN,
  fenToYuanString,
  formatFen,
  multiplyFen,
  parseYuan,
  sumFen,
  SignedFenSchema,
} from './money.ts';

describe('FenSchema', () => {
  it('accepts non-negative integers up to MAX_FEN', () => {
    expect(FenSchema.parse(0)).toBe(0);
    expect(FenSchema.parse(MAX_FEN)).toBe(MAX_FEN);
  });

  it.each([1.5, -1, MAX_FEN + 1, Number.NaN, Infinity, '100', null])('rejects %s', (value) => {
    expect(FenSchema.safeParse(value).success).toBe(false);
  });
});

describe('SignedFenSchema', () => {
  it('accepts negative and positive amounts but never zero', () => {
    expect(SignedFenSchema.parse(-500)).toBe(-500);
    expect(SignedFenSchema.parse(500)).toBe(500);
    expect(SignedFenSchema.safeParse(0).success).toBe(false);
  });
});

describe('multiplyFen', () => {
  it('multiplies price by quantity exactly', () => {
    expect(multiplyFen(1999, 3)).toBe(5997);
  });

  it('throws LIMIT_EXCEEDED when the product passes MAX_FEN', () => {
    expect(() => multiplyFen(MAX_FEN, 2)).toThrow(DomainError);
    expect(() => multiplyFen(2 ** 40, 2 ** 20)).toThrow(/out of range/);
  });

  it('refuses non-integer inputs', () => {
    expect(() => multiplyFen(19.99, 1)).toThrow(DomainError);
  });
});

describe('sumFen', () => {
  it('sums without float drift', () => {
    // 0.1 + 0.2 in yuan is 10 + 20 fen: always exactly 30.
    expect(sumFen([10, 20])).toBe(30);
    expect(sumFen([])).toBe(0);
  });

  it('throws when the total overflows', () => {
    expect(() => sumFen([MAX_FEN, 1])).toThrow(DomainError);
  });
});

describe('parseYuan', () => {
  it.each([
    ['12', 1200],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.01', 1],
    ['¥1,299.00', 129900],
    ['￥3.20', 320],
    [' -0.05 ', -5],
  ])('parses %s as %i fen', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each(['12.345', 'abc', '', '1e3', '12.', '.5'])('rejects %j', (text) => {
    expect(() => parseYuan(text)).toThrow(DomainError);
  });
});

describe('formatting', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(fenToYuanString(0)).toBe('0.00');
    expect(fenToYuanString(5)).toBe('0.05');
    expect(fenToYuanString(129900)).toBe('1299.00');
    expect(formatFen(1250)).toBe('¥12.50');
    expect(formatFen(-5)).toBe('-¥0.05');
  });

  it('round-trips through parseYuan', () => {
    for (const fen of [0, 1, 99, 100, 12345, 9999999]) {
      expect(parseYuan(fenToYuanString(fen))).toBe(fen);
    }
  });
});
