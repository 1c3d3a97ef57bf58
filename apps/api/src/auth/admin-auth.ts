import { DomainError } from '@weshop/core';
import type { AdminUser } from '@weshop/core';
import {
  countAdminUsers,
  createAdminUser,
  deleteAdminSession,
  findAdminSession,
  isUniqueViolation,
  touchAdminSession,
} from '@weshop/db';
import type { DB } from '@weshop/db';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { ConfigError } from '../config.ts';
import type { Config } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../http/router.ts';
import { hashPassword } from './password.ts';
import { safeEqual, sha256Hex } from './tokens.ts';

/** Absolute session lifetime, and how long a session may sit idle. */
export const ADMIN_SESSION_TTL_MS = 12 * 60 * 60_000;
export const ADMIN_IDLE_TIMEOUT_MS = 2 * 60 * 60_000;
const TOUCH_EVERY_MS = 60_000;

export function adminCookieName(config: Config): string {
  // The __Host- prefix pins the cookie to this host, Secure and Path=/ (only possible over https).
  return config.secureCookies ? '__Host-weshop_admin' : 'weshop_admin';
}

/** Creates the first owner from ADMIN_USERNAME / ADMIN_PASSWORD (or the demo account) if there is no admin yet. */
export async function ensureBootstrapAdmin(db: DB, config: Config): Promise<AdminUser | null> {
  if ((await countAdminUsers(db)) > 0) return null;
  if (!config.bootstrapAdmin) {
    throw new ConfigError(['ADMIN_USERNAME / ADMIN_PASSWORD: required to create the first admin account']);
  }
  const { username, password } = config.bootstrapAdmin;
  try {
    return await createAdminUser(db, {
      username,
      displayName: username,
      role: 'owner',
      passwordHash: await hashPassword(password),
    });
  } catch (error) {
    // Several instances booting on one empty database: one creates the owner, the others find it.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export async function logoutAdmin(c: Context<AppEnv>, deps: AppDeps): Promise<void> {
  const name = adminCookieName(deps.config);
  const token = getCookie(c, name);
  if (token) await deleteAdminSession(deps.db, sha256Hex(token));
  deleteCookie(c, name, { path: '/', secure: deps.config.secureCookies });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Requires a live staff session; on state-changing methods also the session's CSRF token in
 * `X-CSRF-Token` and, when the browser sends an Origin, that it is our own.
 */
export function requireAdmin(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const ownOrigin = new URL(deps.config.publicUrl).origin;
  return async (c, next) => {
    const token = getCookie(c, adminCookieName(deps.config));
    const now = deps.now();
    const session = token ? await findAdminSession(deps.db, sha256Hex(token), now.toISOString()) : undefined;
    if (!session || now.getTime() - Date.parse(session.lastSeenAt) > ADMIN_IDLE_TIMEOUT_MS) {
      if (session) await deleteAdminSession(deps.db, session.id);
      throw new DomainError('UNAUTHENTICATED');
    }
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      // PUBLIC_URL's origin only: the request's own URL is built from its Host header, which the
      // caller chooses (Host: evil.com with Origin: http://evil.com would match itself).
      const sameOrigin = origin === undefined || origin === ownOrigin;
      const csrf = c.req.header('x-csrf-token') ?? '';
      if (!sameOrigin || !safeEqual(csrf, session.csrfToken)) throw new DomainError('CSRF_TOKEN_INVALID');
    }
    if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
      await touchAdminSession(deps.db, session.id, now.toISOString());
    }
    c.set('admin', { user: session.user, sessionId: session.id, csrfToken: session.csrfToken });
    await next();
  };
}
