/**
 * Stored balance: one account row per fan and an append-only ledger. The balance changes only through
 * `applyLedgerEntry`: one conditional UPDATE (`balance + amount >= 0`, a CHECK behind it) and the
 * ledger row with its balance-after, in the caller's transaction, so the ledger always sums to the
 * balance (docs/architecture.md#ledger).
 */
import { DomainError, decodeCursor, toPage, IdSchema } from '@weshop/core';
import type { LedgerEntry, LedgerKind, Page } from '@weshop/core';
import type { Selectable } from 'kysely';
import type { BalanceLedgerTable } from '../schema.ts';
import { inTransaction } from '../transaction.ts';
import type { Executor } from '../transaction.ts';
import { runCompiled } from '../sqlite/compiled-query.ts';

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
  /**
   * The caller's own conditional update already proves the reference was never applied (an order's
   * spend right after its move to paid): skip looking for an earlier entry. The unique constraint on
   * `reference` still stands behind.
   */
  firstTime?: boolean;
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
  const { rows } = await runCompiled(db, 'ledger entry by reference', [reference], ([ref]) =>
    db.selectFrom('balance_ledger').selectAll().where('reference', '=', ref),
  );
  return rows[0] && toEntry(rows[0]);
}

/** `balance + amount` when that stays at or above zero; undefined when it would not (or no account). */
async function moveBalance(db: Executor, write: LedgerWrite): Promise<number | undefined> {
  // One statement decides: on PostgreSQL a concurrent debit waits for the row lock and then
  // re-checks the condition against the committed balance.
  const { rows } = await runCompiled(
    db,
    'move balance',
    [write.amountFen, write.now, write.fanId],
    ([amount, at, fanId]) =>
      db
        .updateTable('balance_accounts')
        .set((eb) => ({ balance_fen: eb('balance_fen', '+', amount), updated_at: at }))
        .where('fan_id', '=', fanId)
        .where((eb) => eb(eb('balance_fen', '+', amount), '>=', 0))
        .returning('balance_fen'),
  );
  return rows[0] && Number(rows[0].balance_fen);
}

/**
 * The entry already written under a reference, answered again for a request that asks for exactly
 * it (the same fan, kind, amount and reason); any other request reusing the reference (a staff
 * Idempotency-Key sent again with another body) is IDEMPOTENCY_KEY_REUSED.
 */
export function replayLedgerEntry(
  previous: AppliedLedgerEntry['entry'],
  write: Pick<LedgerWrite, 'fanId' | 'kind' | 'amountFen' | 'reason' | 'reference'>,
): AppliedLedgerEntry {
  if (
    previous.fanId !== write.fanId ||
    previous.kind !== write.kind ||
    previous.amountFen !== write.amountFen ||
    previous.reason !== write.reason
  ) {
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', { reference: write.reference });
  }
  return { entry: previous, replayed: true };
}

/**
 * Moves the balance by `amountFen` and appends the ledger entry, or replays the entry already written
 * under `reference` (see replayLedgerEntry: another request under it is IDEMPOTENCY_KEY_REUSED). A debit the
 * balance cannot cover is INSUFFICIENT_BALANCE and changes nothing. Call it inside the transaction of
 * the business change it belongs to.
 */
export async function applyLedgerEntry(db: Executor, write: LedgerWrite): Promise<AppliedLedgerEntry> {
  if (!Number.isSafeInteger(write.amountFen) || write.amountFen === 0) {
    throw new RangeError(`ledger amount must be a non-zero integer, got ${write.amountFen}`);
  }
  return inTransaction(db, async (trx) => {
    const previous = write.firstTime ? undefined : await findLedgerEntryByReference(trx, write.reference);
    if (previous) return replayLedgerEntry(previous, write);
    // The account row exists from the first movement on: create it only when the move found none.
    let balanceAfterFen = await moveBalance(trx, write);
    if (balanceAfterFen === undefined) {
      await runCompiled(trx, 'open balance account', [write.fanId, write.now], ([fanId, at]) =>
        trx
          .insertInto('balance_accounts')
          .values({ fan_id: fanId, balance_fen: 0, updated_at: at })
          .onConflict((oc) => oc.column('fan_id').doNothing()),
      );
      balanceAfterFen = await moveBalance(trx, write);
    }
    if (balanceAfterFen === undefined) {
      throw new DomainError('INSUFFICIENT_BALANCE', {
        balanceFen: await balanceOf(trx, write.fanId),
        requiredFen: -write.amountFen,
      });
    }
    const values = [
      write.fanId,
      write.kind,
      write.amountFen,
      balanceAfterFen,
      write.reason,
      write.actor,
      write.reference,
      write.orderId ?? null,
      write.now,
    ] as const;
    const inserted = await runCompiled(trx, 'insert ledger entry', values, (v) =>
      trx
        .insertInto('balance_ledger')
        .values({
          fan_id: v[0],
          kind: v[1],
          amount_fen: v[2],
          balance_after_fen: v[3],
          reason: v[4],
          actor: v[5],
          reference: v[6],
          order_id: v[7],
          created_at: v[8],
        })
        .returning('id'),
    );
    const entry: AppliedLedgerEntry['entry'] = {
      id: Number(inserted.rows[0]!.id),
      fanId: write.fanId,
      kind: write.kind,
      amountFen: write.amountFen,
      balanceAfterFen,
      reason: write.reason,
      actor: write.actor,
      reference: write.reference,
      orderId: write.orderId ?? null,
      createdAt: write.now,
    };
    return { entry, replayed: false };
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
