/**
 * Test support: the real app on a test database (SQLite in memory, or a fresh Postgres schema),
 * driven through `app.request()` with no server, plus a logged-in staff client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@weshop/db/testing';
import type { TestDatabase, TestDatabaseOptions } from '@weshop/db/testing';
import type { DialectName } from '@weshop/db';
import { createApp } from './app.ts';
import type { App } from './app.ts';
import { ensureBootstrapAdmin } from './auth/admin-auth.ts';
import { loadConfig } from './config.ts';
import type { Config, Env } from './config.ts';
import { createLogger } from './log.ts';
import { composeDeps, flushDeps } from './compose.ts';
import type { WeChatDeps } from './wechat/deps.ts';
import type { WriteBehind } from './services/write-behind.ts';
import type { LoggedSearch } from './services/catalog.ts';
import type { InboundLog } from './wechat/inbound-log.ts';

export const TEST_ADMIN = { username: 'owner', password: 'correct-horse-battery' } as const;

export interface TestApp {
  app: App;
  inboundLog: InboundLog;
  searchLog: WriteBehind<LoggedSearch>;
  wechat: WeChatDeps;
  config: Config;
  database: TestDatabase;
  /** Sets the clock the app sees. */
  setNow(date: Date): void;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestApp(
  dialect: DialectName,
  options: {
    env?: Env;
    database?: TestDatabaseOptions;
    /** Use this database (e.g. shared by two app instances) instead of a new one; close() leaves it open. */
    sharedDatabase?: TestDatabase;
    /** Replace parts of the WeChat wiring, e.g. stub the API client. */
    wechat?: (deps: WeChatDeps) => WeChatDeps;
  } = {},
): Promise<TestApp> {
  const uploadDir = mkdtempSync(join(tmpdir(), 'weshop-uploads-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://shop.test',
    ADMIN_USERNAME: TEST_ADMIN.username,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    UPLOAD_DIR: uploadDir,
    ...options.env,
  });
  const database = options.sharedDatabase ?? (await createTestDatabase(dialect, options.database));
  await ensureBootstrapAdmin(database.db, config);
  let current: Date | null = null;
  const now = () => current ?? new Date();
  const deps = composeDeps({
    config,
    database: { db: database.db, dialect },
    logger: createLogger(config.logLevel),
    now,
    ...(options.wechat ? { wechat: options.wechat } : {}),
  });
  const app = createApp(deps);
  return {
    app,
    inboundLog: deps.inboundLog,
    searchLog: deps.searchLog,
    wechat: deps.wechat,
    config,
    database,
    setNow: (date) => {
      current = date;
    },
    request: async (path, init) => app.request(new URL(path, config.publicUrl).toString(), init),
    close: async () => {
      await flushDeps(deps);
      if (!options.sharedDatabase) await database.close();
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

export interface AdminClient {
  csrfToken: string;
  cookie: string;
  /** A request with the staff cookie, and the CSRF token on state-changing methods. */
  request(path: string, init?: RequestInit): Promise<Response>;
  json(method: string, path: string, body?: unknown): Promise<Response>;
}

export async function loginAsAdmin(
  testApp: TestApp,
  credentials: { username: string; password: string } = TEST_ADMIN,
): Promise<AdminClient> {
  const response = await testApp.request('/api/admin/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    if (init.method && !['GET', 'HEAD'].includes(init.method)) headers.set('x-csrf-token', csrfToken);
    return testApp.request(path, { ...init, headers });
  };
  return {
    csrfToken,
    cookie,
    request,
    json: (method, path, body) =>
      request(path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

export { signWebhook } from './wechat/signing.ts';
export type { SignedWebhook, WebhookCredentials } from './wechat/signing.ts';
