/**
 * Staff login attempts: the state of the login throttle (apps/api/src/auth/throttle.ts), shared by
 * every instance, and the log staff read. An attempt is written as a `failure` before its password is
 * checked, so parallel guesses count against each other, then becomes `success` or `throttled`.
 */
import { decodeCursor, IdSchema, toPage } from '@weshop/core';
import type { LoginAttempt, LoginAttemptListQuery, LoginOutcome, Page } from '@weshop/core';
import type { Selectable } from 'kysely';
import type { LoginAttemptTable } from '../schema.ts';
import type { Executor } from '../transaction.ts';

export async function recordLoginAttempt(
  db: Executor,
  attempt: { username: string; ip: string; outcome: LoginOutcome; at: string },
): Promise<number> {
  const row = await db
    .insertInto('login_attempts')
    .values({ username: attempt.username, ip: attempt.ip, outcome: attempt.outcome, created_at: attempt.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setLoginAttemptOutcome(db: Executor, id: number, outcome: LoginOutcome): Promise<void> {
  await db.updateTable('login_attempts').set({ outcome }).where('id', '=', id).execute();
}

/** Failures in a row: how many, and when the last one was. */
export interface FailureRun {
  failures: number;
  lastFailureAt: string | null;
}

/**
 * The failures of an account, an address, or both, among the attempts before `beforeId` made after
 * `since` and after the last success of the same account/address.
 */
export async function findFailureRun(
  db: Executor,
  filter: { username?: string; ip?: string },
  beforeId: number,
  since: string,
): Promise<FailureRun> {
  let scope = db.selectFrom('login_attempts').where('id', '<', beforeId).where('created_at', '>', since);
  if (filter.username !== undefined) scope = scope.where('username', '=', filter.username);
  if (filter.ip !== undefined) scope = scope.where('ip', '=', filter.ip);
  const lastSuccess = await scope
    .select('id')
    .where('outcome', '=', 'success')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row = await scope
    .select((eb) => [eb.fn.countAll<number>().as('failures'), eb.fn.max('created_at').as('last')])
    .where('outcome', '=', 'failure')
    .where('id', '>', lastSuccess?.id ?? 0)
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), lastFailureAt: row.last ?? null };
}

function toLoginAttempt(row: Selectable<LoginAttemptTable>): LoginAttempt {
  return { id: row.id, username: row.username, ip: row.ip, outcome: row.outcome, createdAt: row.created_at };
}

const LoginAttemptCursor = [IdSchema] as const;

/** Newest first, optionally for one account (any case) and/or one address. */
export async function listLoginAttempts(
  db: Executor,
  query: LoginAttemptListQuery,
): Promise<Page<LoginAttempt>> {
  let select = db.selectFrom('login_attempts').selectAll();
  if (query.username !== undefined) select = select.where('username', '=', query.username.toLowerCase());
  if (query.ip !== undefined) select = select.where('ip', '=', query.ip);
  if (query.cursor !== undefined) {
    const [beforeId] = decodeCursor(query.cursor, LoginAttemptCursor);
    select = select.where('id', '<', beforeId);
  }
  const rows = await select
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toLoginAttempt), query.limit, (attempt) => [attempt.id]);
}
