/**
 * Staff login: credentials checked behind the login throttle (throttle.ts), every attempt logged (one
 * structured line and a `login_attempts` row) and a fresh session on success.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { getConnInfo } from '@hono/node-server/conninfo';
import { DomainError } from '@weshop/core';
import type { AdminUser, LoginOutcome } from '@weshop/core';
import {
  createAdminSession,
  deleteAdminSession,
  deleteExpiredAdminSessions,
  findAdminCredentials,
  findFailureRun,
  recordAdminLogin,
  recordLoginAttempt,
  setLoginAttemptOutcome,
} from '@weshop/db';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/router.ts';
import { ADMIN_SESSION_TTL_MS, adminCookieName } from './admin-auth.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import {
  ACCOUNT_ADDRESS_POLICY,
  ADDRESS_POLICY,
  FAILURE_WINDOW_MS,
  accountSlowdownMs,
  throttleAddress,
  waitSeconds,
} from './throttle.ts';
import { randomToken, sha256Hex } from './tokens.ts';

/** The client's address as the throttle counts it (the socket's peer: no proxy header is trusted). */
function clientAddress(c: Context<AppEnv>): string {
  try {
    return throttleAddress(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    return 'local';
  }
}

export interface LoginResult {
  user: AdminUser;
  csrfToken: string;
}

/**
 * Checks credentials behind the throttle. The answer and its timing are the same for an unknown user
 * and a wrong password. A successful login always issues a new session id.
 */
export async function loginAdmin(
  c: Context<AppEnv>,
  deps: AppDeps,
  input: { username: string; password: string },
): Promise<LoginResult> {
  const { db } = deps;
  const now = deps.now();
  const username = input.username.toLowerCase();
  const ip = clientAddress(c);
  const log = (outcome: LoginOutcome, extra: Record<string, unknown> = {}) =>
    deps.logger.info({ event: 'admin_login', username, ip, outcome, ...extra }, 'staff login attempt');

  // Written as a failure first: parallel guesses see each other (findFailureRun counts earlier ids).
  const id = await recordLoginAttempt(db, { username, ip, outcome: 'failure', at: now.toISOString() });
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const [pair, address, account] = await Promise.all([
    findFailureRun(db, { username, ip }, id, since),
    findFailureRun(db, { ip }, id, since),
    findFailureRun(db, { username }, id, since),
  ]);
  const wait = Math.max(
    waitSeconds(pair, ACCOUNT_ADDRESS_POLICY, now),
    waitSeconds(address, ADDRESS_POLICY, now),
  );
  if (wait > 0) {
    await setLoginAttemptOutcome(db, id, 'throttled');
    log('throttled', { retryAfterSeconds: wait });
    throw new DomainError('RATE_LIMITED', { retryAfterSeconds: wait });
  }
  const pause = accountSlowdownMs(account.failures);
  if (pause > 0) await sleep(pause);

  const credentials = await findAdminCredentials(db, input.username);
  const valid = await verifyPassword(
    input.password,
    credentials?.passwordHash ?? (await dummyPasswordHash()),
  );
  if (!credentials || !valid || credentials.disabled) {
    log('failure');
    throw new DomainError('INVALID_CREDENTIALS');
  }
  await setLoginAttemptOutcome(db, id, 'success');
  log('success');

  const previous = getCookie(c, adminCookieName(deps.config));
  if (previous) await deleteAdminSession(db, sha256Hex(previous));
  const token = randomToken();
  const csrfToken = randomToken();
  const nowIso = now.toISOString();
  await createAdminSession(db, {
    id: sha256Hex(token),
    userId: credentials.user.id,
    csrfToken,
    now: nowIso,
    expiresAt: new Date(now.getTime() + ADMIN_SESSION_TTL_MS).toISOString(),
  });
  await recordAdminLogin(db, credentials.user.id, nowIso);
  // Sessions past their absolute lifetime are dead anyway; logins sweep them so the table stays small.
  await deleteExpiredAdminSessions(db, nowIso);
  setCookie(c, adminCookieName(deps.config), token, {
    httpOnly: true,
    secure: deps.config.secureCookies,
    sameSite: 'Strict',
    path: '/',
    maxAge: ADMIN_SESSION_TTL_MS / 1000,
  });
  return { user: credentials.user, csrfToken };
}
