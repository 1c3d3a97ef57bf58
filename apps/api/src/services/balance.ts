/**
 * Staff changes to a fan's stored balance, and the fan lookups the shop routes share.
 */
import { DomainError } from '@weshop/core';
import { InsertionMap } from '@weshop/db/collections';
import type { BalanceAdjustmentInput } from '@weshop/core';
import {
  applyLedgerEntry,
  ensureFanId,
  findFanId,
  findLedgerEntryByReference,
  isUniqueViolation,
  replayLedgerEntry,
  transactionWithRetry,
} from '@weshop/db';
import type { AppliedLedgerEntry, Executor } from '@weshop/db';
import type { AppDeps } from '../deps.ts';
import { queueLedgerNotice } from './order-core.ts';

const FAN_ID_CACHE_SIZE = 10_000;
/** openid → fan id per database: a fan's id never changes and fans are never deleted. */
const fanIdCaches = new WeakMap<Executor, InsertionMap<string, number>>();

/** The fan's id, creating the fan on first sight (a session may predate the row, e.g. after a reset). */
export async function fanIdFor(db: Executor, openid: string, now: string): Promise<number> {
  let cache = fanIdCaches.get(db);
  if (!cache) fanIdCaches.set(db, (cache = new InsertionMap(FAN_ID_CACHE_SIZE)));
  const cached = cache.get(openid);
  if (cached !== undefined) return cached;
  const id = await ensureFanId(db, openid, now);
  cache.set(openid, id);
  return id;
}

/**
 * Credits or debits a fan's balance on a staff member's word, with the "balance changed" notification
 * queued in the same transaction. `requestKey` (the Idempotency-Key header) makes a double click one
 * entry: the same key and body answer the first entry, the same key with another body (fan, amount,
 * reason or kind) is IDEMPOTENCY_KEY_REUSED (docs/architecture.md#idempotency). Without a key every
 * call is a new entry.
 */
export async function adjustBalance(
  deps: Pick<AppDeps, 'db' | 'config' | 'now' | 'outboxBell'>,
  staff: { username: string },
  openid: string,
  input: BalanceAdjustmentInput,
  requestKey: string,
): Promise<AppliedLedgerEntry> {
  const request = {
    kind: input.kind ?? (input.amountFen > 0 ? 'topup' : 'adjustment'),
    amountFen: input.amountFen,
    reason: input.reason,
    reference: `admin:${requestKey}`,
  } as const;
  try {
    const applied = await transactionWithRetry(deps.db, async (trx) => {
      const fanId = await findFanId(trx, openid);
      if (fanId === undefined) throw new DomainError('NOT_FOUND', { resource: 'fan' });
      const applied = await applyLedgerEntry(trx, {
        ...request,
        fanId,
        actor: `admin:${staff.username}`,
        now: deps.now().toISOString(),
      });
      if (!applied.replayed) await queueLedgerNotice(trx, deps, applied.entry);
      return applied;
    });
    deps.outboxBell.ring();
    return applied;
  } catch (error) {
    // The same key raced on PostgreSQL: the loser rolled back; the winner's entry answers it only if
    // the loser asked for the very same thing.
    if (!isUniqueViolation(error)) throw error;
    const [entry, fanId] = await Promise.all([
      findLedgerEntryByReference(deps.db, request.reference),
      findFanId(deps.db, openid),
    ]);
    if (!entry || fanId === undefined) throw error;
    return replayLedgerEntry(entry, { ...request, fanId });
  }
}
