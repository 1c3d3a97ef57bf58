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
import { recordSubscribe, touchFan } from '@weshop/db';
import { parseWeChatXml } from '@weshop/wechat';
import { Hono } from 'hono';
import { createApp } from './app.ts';
import type { App, AppDeps } from './app.ts';
import { startFanSession } from './auth/fan-session.ts';
import type { AppEnv } from './http/router.ts';
import { ensureBootstrapAdmin } from './auth/admin-auth.ts';
import { loadConfig } from './config.ts';
import type { Config, Env } from './config.ts';
import { createLogger } from './log.ts';
import { composeDeps, flushDeps } from './compose.ts';
import { signWebhook } from './wechat/gateway/signing.ts';
import type { WeChatDeps } from './wechat/deps.ts';
import type { WriteBehind } from './infra/write-behind.ts';
import type { LoggedSearch } from './services/catalog.ts';
import type { InboundLog } from './wechat/gateway/inbound-log.ts';

export const TEST_ADMIN = { username: 'owner', password: 'correct-horse-battery' } as const;

export interface TestApp {
  app: App;
  deps: AppDeps;
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
    // Most tests post unencrypted messages (signWebhook's default): plain mode, which also takes
    // encrypted ones. Tests of the modes and the simulator's stack (safe) set their own.
    WECHAT_MESSAGE_MODE: 'plain',
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
    deps,
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

/** Requests as one signed-in user: their cookie on every request. */
export interface SessionClient {
  cookie: string;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** A request with a JSON body (or none), plus extra headers such as Idempotency-Key. */
  json(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export interface AdminClient extends SessionClient {
  csrfToken: string;
}

function sessionClient(
  testApp: TestApp,
  cookie: string,
  extraHeaders: Record<string, string>,
): SessionClient {
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    if (init.method && !['GET', 'HEAD'].includes(init.method)) {
      for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
    }
    return testApp.request(path, { ...init, headers });
  };
  return {
    cookie,
    request,
    json: (method, path, body, headers = {}) =>
      request(path, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

/**
 * A fan signed in as after WeChat OAuth: the fan row exists (following the account unless told
 * otherwise) and requests carry the signed session cookie.
 */
export async function signInFan(
  testApp: TestApp,
  openid: string,
  options: { subscribed?: boolean; snapshot?: boolean } = {},
): Promise<SessionClient> {
  if (options.subscribed === false) await touchFan(testApp.database.db, openid);
  else await recordSubscribe(testApp.database.db, { openid, scene: null });
  const issuer = new Hono<AppEnv>().get('/', async (c) => {
    await startFanSession(c, testApp.deps, { openid, snapshot: options.snapshot ?? false });
    return c.body(null, 204);
  });
  const response = await issuer.request(testApp.config.publicUrl);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return sessionClient(testApp, cookie, {});
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
  return { csrfToken, ...sessionClient(testApp, cookie, { 'x-csrf-token': csrfToken }) };
}

export { signWebhook };
export type { SignedWebhook, WebhookCredentials } from './wechat/gateway/signing.ts';

/** A `wechat` option for createTestApp that replaces some methods of the WeChat API client. */
export function stubWeChatClient(methods: Partial<WeChatDeps['client']>): (deps: WeChatDeps) => WeChatDeps {
  return (deps) => ({ ...deps, client: { ...deps.client, ...methods } });
}

/** Posts `fields` to the test app's /wechat, signed (and encrypted, per `options`) as WeChat sends them. */
export function postWebhook(
  testApp: TestApp,
  fields: Record<string, string | number>,
  options: Parameters<typeof signWebhook>[2] = {},
): Promise<Response> {
  const { appId, token, aesKey } = testApp.config.wechat;
  const request = signWebhook({ appId, token, aesKey }, fields, options);
  return testApp.request(request.path, request.init);
}

/**
 * Sends a fan's text message through the signed webhook as WeChat would, expects 200 and returns
 * the parsed passive reply. `msgId` must be unique per message (WeChat de-duplicates on it).
 */
export async function sendFanText(
  testApp: TestApp,
  content: string,
  { openid, msgId }: { openid: string; msgId: string },
): Promise<Record<string, unknown>> {
  const response = await postWebhook(testApp, {
    ToUserName: 'gh_test',
    FromUserName: openid,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: content,
    MsgId: msgId,
  });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  return parseWeChatXml(await response.text());
}
