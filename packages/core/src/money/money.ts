import { z } from 'zod';
import { DomainError } from '../errors.ts';

/**
 * Money is an integer number of fen (分, 1/100 yuan) everywhere: database, API, domain.
 * Floating point never touches an amount; these helpers refuse anything that is not a safe integer.
 */

/** Largest amount we accept anywhere: ¥100,000,000.00. Far above any shop's needs, far below 2^53. */
export const MAX_FEN = 10_000_000_000;

export const FenSchema = z
  .int({ error: 'must be an integer number of fen' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_FEN, { error: `must be at most ${MAX_FEN}` });

/** A signed, non-zero amount (ledger entries, balance adjustments). */
export const SignedFenSchema = z
  .int({ error: 'must be an integer number of fen' })
  .min(-MAX_FEN)
  .max(MAX_FEN)
  .refine((n) => n !== 0, { error: 'must not be zero' });

function assertFen(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError('VALIDATION_FAILED', {
      errors: [{ path: name, message: 'not an integer fen amount' }],
    });
  }
}

function checkedResult(value: number): number {
  if (!Number.isSafeInteger(value) || Math.abs(value) > MAX_FEN) {
    throw new DomainError('LIMIT_EXCEEDED', { limit: MAX_FEN }, 'amount out of range');
  }
  return value;
}

/** Sum of amounts in fen; throws LIMIT_EXCEEDED past MAX_FEN instead of losing precision. */
export function sumFen(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    assertFen(amount, 'amountFen');
    total = checkedResult(total + amount);
  }
  return total;
}

/** price × quantity, both integers; throws LIMIT_EXCEEDED on overflow. */
export function multiplyFen(priceFen: number, quantity: number): number {
  assertFen(priceFen, 'priceFen');
  assertFen(quantity, 'quantity');
  return checkedResult(priceFen * quantity);
}

/**
 * "12.5" / "12.50" / "12" / "¥1,299.00" yuan → fen. Exact decimal parsing (no float maths);
 * more than two decimals is an error rather than a silent rounding. Used by CSV import and forms.
 */
export function parseYuan(text: string): number {
  const cleaned = text
    .trim()
    .replace(/^[¥￥]/, '')
    .replaceAll(',', '');
  const match = /^(-)?(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) {
    throw new DomainError('VALIDATION_FAILED', {
      errors: [{ path: 'amount', message: 'not a yuan amount with at most two decimals' }],
    });
  }
  const [, sign, whole = '0', fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return checkedResult(sign ? -fen : fen);
}

/** fen → "12.50" (no currency sign, no grouping). Negative amounts keep their sign: "-0.05". */
export function fenToYuanString(fen: number): string {
  assertFen(fen, 'amountFen');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${yuan}.${cents}`;
}

/** fen → "¥12.50" for display; negative → "-¥0.05". */
export function formatFen(fen: number): string {
  const text = fenToYuanString(fen);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}
