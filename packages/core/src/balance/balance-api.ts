/** The balance routes' answers: the ledger page (fan and staff) and the result of a staff change. */
import { z } from 'zod';
import { pageSchema } from '../api-common.ts';
import { LedgerEntrySchema } from './balance.ts';

export const LedgerPageSchema = pageSchema(LedgerEntrySchema, 'LedgerPage');
export type LedgerPage = z.infer<typeof LedgerPageSchema>;

export const BalanceChangeSchema = z
  .object({ balanceFen: z.int().min(0), entry: LedgerEntrySchema, replayed: z.boolean() })
  .meta({ id: 'BalanceChange' });
export type BalanceChange = z.infer<typeof BalanceChangeSchema>;
