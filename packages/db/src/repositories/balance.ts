/**
 * Stored balance: one account row per fan and an append-only ledger. The balance changes only through
 * `applyLedgerEntry`: one conditional UPDATE (`balance + amount >= 0`, a CHECK behind it) and the
 * ledger row with its balance-after, in the caller's transaction, so the ledger always sums to the
 * balance (reliability.md §0 rules 5 and 7).
 */
import { DomainError, decodeCursor, toPage, IdSchema } from '@weshop/core';
import type { LedgerEntry, LedgerKind, Page } from '@weshop/core';
import type { Selectable } from 'kysely';
import type { BalanceLedgerTable } from '../schema.ts';
import { inTransaction } from '../transaction.ts';
import type { Executor } from '../transaction.ts';

export interface LedgerWrite {
  fanId: number;
  kind: LedgerKind;
  /** Signed, non-zero. */
  amountFen: number;
  reason: string;
  /** `fan:<openid>`, `admin:<username>`, `system:<job>`. */
  actor: string;
  /** Unique per movement (`order:<id>:spend`, `admin:<idempotency key>` …): the same reference is applied once. */
  reference: string;
  orderId?: number | null;
  now: string;
}

export interface AppliedLedgerEntry {
  entry: LedgerEntry & { fanId: number; orderId: number | null; reference: string; actor: string };
  /** True when the reference had been applied before and nothing changed now. */
  replayed: boolean;
}

function toEntry(row: Selectable<BalanceLedgerTable>): AppliedLedgerEntry['entry'] {
  return {
    id: row.id,
    fanId: row.fan_id,
    kind: row.kind,
    amountFen: Number(row.amount_fen),
    balanceAfterFen: Number(row.balance_after_fen),
    reason: row.reason,
    actor: row.actor,
    reference: row.reference,
    orderId: row.order_id,
    createdAt: row.created_at,
  };
}

/** The fan's balance in fen (0 before any movement). */
export async function balanceOf(db: Executor, fanId: number): Promise<number> {
  const row = await db
    .selectFrom('balance_accounts')
    .select('balance_fen')
    .where('fan_id', '=', fanId)
    .executeTakeFirst();
  return row ? Number(row.balance_fen) : 0;
}

export async function findLedgerEntryByReference(
  db: Executor,
  reference: string,
): Promise<AppliedLedgerEntry['entry'] | undefined> {
  const row = await db
    .selectFrom('balance_ledger')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row && toEntry(row);
}

/**
 * Moves the balance by `amountFen` and appends the ledger entry, or replays the entry already written
 * under `reference` (the same fan and amount; anything else is IDEMPOTENCY_KEY_REUSED). A debit the
 * balance cannot cover is INSUFFICIENT_BALANCE and changes nothing. Call it inside the transaction of
 * the business change it belongs to.
 */
export async function applyLedgerEntry(db: Executor, write: LedgerWrite): Promise<AppliedLedgerEntry> {
  if (!Number.isSafeInteger(write.amountFen) || write.amountFen === 0) {
    throw new RangeError(`ledger amount must be a non-zero integer, got ${write.amountFen}`);
  }
  return inTransaction(db, async (trx) => {
    const previous = await findLedgerEntryByReference(trx, write.reference);
    if (previous) {
      if (previous.fanId !== write.fanId || previous.amountFen !== write.amountFen) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', { reference: write.reference });
      }
      return { entry: previous, replayed: true };
    }
    await trx
      .insertInto('balance_accounts')
      .values({ fan_id: write.fanId, balance_fen: 0, updated_at: write.now })
      .onConflict((oc) => oc.column('fan_id').doNothing())
      .execute();
    // One statement decides: on PostgreSQL a concurrent debit waits for the row lock and then
    // re-checks the condition against the committed balance.
    const updated = await trx
      .updateTable('balance_accounts')
      .set((eb) => ({ balance_fen: eb('balance_fen', '+', write.amountFen), updated_at: write.now }))
      .where('fan_id', '=', write.fanId)
      .where((eb) => eb(eb('balance_fen', '+', write.amountFen), '>=', 0))
      .returning('balance_fen')
      .executeTakeFirst();
    if (!updated) {
      throw new DomainError('INSUFFICIENT_BALANCE', {
        balanceFen: await balanceOf(trx, write.fanId),
        requiredFen: -write.amountFen,
      });
    }
    const row = await trx
      .insertInto('balance_ledger')
      .values({
        fan_id: write.fanId,
        kind: write.kind,
        amount_fen: write.amountFen,
        balance_after_fen: Number(updated.balance_fen),
        reason: write.reason,
        actor: write.actor,
        reference: write.reference,
        order_id: write.orderId ?? null,
        created_at: write.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { entry: toEntry(row), replayed: false };
  });
}

const LedgerCursor = [IdSchema] as const;

/** The fan's ledger, newest first. */
export async function listLedgerEntries(
  db: Executor,
  query: { fanId: number; cursor?: string | undefined; limit: number },
): Promise<Page<LedgerEntry>> {
  let select = db
    .selectFrom('balance_ledger')
    .selectAll()
    .where('fan_id', '=', query.fanId)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.cursor !== undefined) {
    const [beforeId] = decodeCursor(query.cursor, LedgerCursor);
    select = select.where('id', '<', beforeId);
  }
  const rows = (await select.execute()).map(toEntry);
  const page = toPage(rows, query.limit, (row) => [row.id]);
  return {
    items: page.items.map(({ id, kind, amountFen, balanceAfterFen, reason, createdAt }) => ({
      id,
      kind,
      amountFen,
      balanceAfterFen,
      reason,
      createdAt,
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Accounts whose balance differs from the sum of their ledger (should always be none): the invariant
 * the tests check after every run, and an operator's health query.
 */
export async function findLedgerMismatches(
  db: Executor,
): Promise<{ fanId: number; balanceFen: number; ledgerFen: number }[]> {
  const rows = await db
    .selectFrom('balance_accounts as a')
    .leftJoin('balance_ledger as l', 'l.fan_id', 'a.fan_id')
    .select((eb) => [
      'a.fan_id',
      'a.balance_fen',
      eb.fn.coalesce(eb.fn.sum<number>('l.amount_fen'), eb.lit(0)).as('ledger_fen'),
    ])
    .groupBy(['a.fan_id', 'a.balance_fen'])
    .execute();
  return rows
    .map((row) => ({
      fanId: row.fan_id,
      balanceFen: Number(row.balance_fen),
      ledgerFen: Number(row.ledger_fen),
    }))
    .filter((row) => row.balanceFen !== row.ledgerFen);
}
