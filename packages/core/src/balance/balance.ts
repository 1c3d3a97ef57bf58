import { z } from 'zod';
import { IdSchema, TimestampSchema, text } from '../common.ts';
import { SignedFenSchema } from '../money/money.ts';

/** Every movement of a fan's stored balance is one append-only ledger entry of one of these kinds. */
export const LEDGER_KINDS = ['topup', 'spend', 'refund', 'adjustment'] as const;
export const LedgerKindSchema = z.enum(LEDGER_KINDS);
export type LedgerKind = z.infer<typeof LedgerKindSchema>;

export const LedgerEntrySchema = z
  .object({
    id: IdSchema,
    kind: LedgerKindSchema,
    /** Signed: positive credits the balance, negative debits it. */
    amountFen: z.int(),
    balanceAfterFen: z.int().min(0),
    reason: z.string(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/**
 * A staff change to a fan's balance. `topup` is money the fan handed over (at the counter, by
 * transfer); `adjustment` corrects or compensates. Negative amounts are always adjustments.
 */
export const BalanceAdjustmentInputSchema = z
  .object({
    amountFen: SignedFenSchema,
    reason: text(1, 100),
    kind: z.enum(['topup', 'adjustment']).optional(),
  })
  .refine((input) => !(input.kind === 'topup' && input.amountFen < 0), {
    path: ['kind'],
    error: 'a top-up must be positive',
  })
  .meta({ id: 'BalanceAdjustmentInput' });
export type BalanceAdjustmentInput = z.infer<typeof BalanceAdjustmentInputSchema>;
