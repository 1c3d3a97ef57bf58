import type { AdminRole, AdminUser } from '@weshop/core';
import type { Selectable } from 'kysely';
import type { AdminUserTable } from '../schema.ts';
import { nowIso } from '../time.ts';
import type { Executor } from '../transaction.ts';

export interface AdminCredentials {
  user: AdminUser;
  passwordHash: string;
  disabled: boolean;
}

function toAdminUser(row: Selectable<AdminUserTable>): AdminUser {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
}

export async function findAdminCredentials(
  db: Executor,
  username: string,
): Promise<AdminCredentials | undefined> {
  const row = await db
    .selectFrom('admin_users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  return row && { user: toAdminUser(row), passwordHash: row.password_hash, disabled: row.disabled === 1 };
}

export async function countAdminUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('admin_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewAdminUser {
  username: string;
  displayName: string;
  role: AdminRole;
  passwordHash: string;
}

export async function createAdminUser(db: Executor, input: NewAdminUser, now = nowIso()): Promise<AdminUser> {
  const row = await db
    .insertInto('admin_users')
    .values({
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: input.passwordHash,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAdminUser(row);
}

export async function recordAdminLogin(db: Executor, userId: number, now = nowIso()): Promise<void> {
  await db.updateTable('admin_users').set({ last_login_at: now }).where('id', '=', userId).execute();
}

// ---------------------------------------------------------------- sessions

export interface AdminSessionRecord {
  /** SHA-256 (hex) of the cookie token. */
  id: string;
  user: AdminUser;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

export async function createAdminSession(
  db: Executor,
  session: { id: string; userId: number; csrfToken: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('admin_sessions')
    .values({
      id: session.id,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.now,
      expires_at: session.expiresAt,
      last_seen_at: session.now,
    })
    .execute();
}

/** A live session of an enabled user, or undefined (unknown, expired, or the user was disabled). */
export async function findAdminSession(
  db: Executor,
  id: string,
  now: string,
): Promise<AdminSessionRecord | undefined> {
  const row = await db
    .selectFrom('admin_sessions as s')
    .innerJoin('admin_users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.created_at as session_created_at',
      's.expires_at',
      's.last_seen_at',
    ])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', now)
    .where('u.disabled', '=', 0)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.session_id,
    user: toAdminUser(row),
    csrfToken: row.csrf_token,
    createdAt: row.session_created_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
  };
}

export async function touchAdminSession(db: Executor, id: string, now: string): Promise<void> {
  await db.updateTable('admin_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteAdminSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('id', '=', id).execute();
}

export async function deleteExpiredAdminSessions(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
}
