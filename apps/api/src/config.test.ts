import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_ADMIN, loadConfig } from './config.ts';

/** `openssl rand -hex 32`. */
const STRONG_SECRET = '3f9c1e7a5b2d48c6a0e1f7b39d5c2a84e6b0f1c3d7a9e2b4c6f8a0d1e3b5c7f9';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://shop.example.com',
  SESSION_SECRET: STRONG_SECRET,
  WECHAT_APPID: 'wx1234567890abcdef',
  WECHAT_SECRET: 'secret',
  WECHAT_TOKEN: 'token',
  WECHAT_AES_KEY: AES_KEY,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/weshop');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives working development defaults', () => {
    const config = loadConfig({}, '/srv/weshop');
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      database: { dialect: 'sqlite', filename: '/srv/weshop/data/weshop.db' },
      uploadDir: '/srv/weshop/data/uploads',
      secureCookies: false,
      bootstrapAdmin: DEMO_ADMIN,
      demoSeed: true,
    });
  });

  it('picks PostgreSQL from a postgres:// URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/shop' });
    expect(config.database).toEqual({ dialect: 'postgres', connectionString: 'postgres://u:p@db:5432/shop' });
  });

  it.each([
    ['file:./data/x.db', '/srv/weshop/data/x.db'],
    ['sqlite:/var/lib/weshop.db', '/var/lib/weshop.db'],
    ['./shop.sqlite', '/srv/weshop/shop.sqlite'],
  ])('reads %s as a SQLite file', (url, filename) => {
    expect(loadConfig({ DATABASE_URL: url }, '/srv/weshop').database).toEqual({
      dialect: 'sqlite',
      filename,
    });
  });

  it('names DATABASE_URL for an unsupported database', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root@localhost/shop' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^DATABASE_URL: unsupported database "mysql"/);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PORT: 'eighty',
      PUBLIC_URL: 'ftp://x',
      DATABASE_URL: 'oracle://x',
      WECHAT_AES_KEY: 'short',
      ADMIN_USERNAME: 'boss',
    });
    const variables = problems.map((problem) => problem.split(':')[0]);
    expect(variables).toEqual(
      expect.arrayContaining([
        'PORT',
        'PUBLIC_URL',
        'DATABASE_URL',
        'WECHAT_AES_KEY',
        'SESSION_SECRET',
        'ADMIN_PASSWORD',
      ]),
    );
  });

  it('refuses weak bootstrap passwords', () => {
    expect(problemsOf({ ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'short' })[0]).toMatch(
      /^ADMIN_PASSWORD: must be at least 12/,
    );
    expect(problemsOf({ ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'boss-password-1' })[0]).toMatch(/username/);
    expect(problemsOf({ ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'password1234' })[0]).toMatch(/common/);
  });

  it('requires secrets in production and uses no demo admin there', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://shop.example.com/',
      SESSION_SECRET: STRONG_SECRET,
      WECHAT_APPID: 'wx1234567890abcdef',
      WECHAT_SECRET: 'secret',
      WECHAT_TOKEN: 'token',
      WECHAT_MESSAGE_MODE: 'plain',
    });
    expect(config).toMatchObject({
      publicUrl: 'https://shop.example.com',
      secureCookies: true,
      bootstrapAdmin: null,
      demoSeed: false,
      wechat: {
        mode: 'wechat',
        appId: 'wx1234567890abcdef',
        apiBase: 'https://api.weixin.qq.com',
        aesKey: undefined,
        messageMode: 'plain',
      },
    });
  });

  it('uses the local simulator when no WeChat credentials are set outside production', () => {
    const config = loadConfig({});
    expect(config.wechat).toMatchObject({ mode: 'simulator', apiBase: 'http://127.0.0.1:3001' });
    expect(config.wechat.aesKey).toHaveLength(43);
  });

  it('refuses to start with partial or missing WeChat credentials', () => {
    const partial = problemsOf({ WECHAT_APPID: 'wx1', WECHAT_TOKEN: '  ' });
    expect(partial.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['WECHAT_SECRET', 'WECHAT_TOKEN']),
    );
    const production = problemsOf({ NODE_ENV: 'production' });
    expect(production.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_TOKEN']),
    );
    expect(problemsOf({ WECHAT_AES_KEY: 'x'.repeat(42) })[0]).toMatch(/^WECHAT_AES_KEY: /);
  });

  it('reads the order rules, with defaults, and names a bad one', () => {
    expect(loadConfig({}).orders).toEqual({
      paymentTimeoutMinutes: 30,
      maxUnpaidOrders: 10,
      maxUnpaidUnits: 200,
      autoCompleteDays: 10,
    });
    expect(
      loadConfig({
        ORDER_PAYMENT_TIMEOUT_MINUTES: '15',
        ORDER_MAX_UNPAID: '3',
        ORDER_MAX_UNPAID_UNITS: '50',
        ORDER_AUTO_COMPLETE_DAYS: '7',
      }).orders,
    ).toEqual({ paymentTimeoutMinutes: 15, maxUnpaidOrders: 3, maxUnpaidUnits: 50, autoCompleteDays: 7 });
    const problems = problemsOf({
      ORDER_PAYMENT_TIMEOUT_MINUTES: '0',
      ORDER_MAX_UNPAID: 'ten',
      ORDER_MAX_UNPAID_UNITS: '0',
      ORDER_AUTO_COMPLETE_DAYS: '1.5',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'ORDER_AUTO_COMPLETE_DAYS',
      'ORDER_MAX_UNPAID',
      'ORDER_MAX_UNPAID_UNITS',
      'ORDER_PAYMENT_TIMEOUT_MINUTES',
    ]);
    expect(problemsOf({ ORDER_MAX_UNPAID_UNITS: '100001' })).toHaveLength(1);
  });

  it("reads the logs' retention, with defaults, and names a bad one", () => {
    expect(loadConfig({}).logRetention).toEqual({ inboundDays: 30, searchDays: 180 });
    expect(loadConfig({ INBOUND_LOG_DAYS: '2', SEARCH_LOG_DAYS: '365' }).logRetention).toEqual({
      inboundDays: 2,
      searchDays: 365,
    });
    // The admin's search statistics look back up to 90 days: the search log keeps at least that.
    const problems = problemsOf({ INBOUND_LOG_DAYS: '0', SEARCH_LOG_DAYS: '30' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['INBOUND_LOG_DAYS', 'SEARCH_LOG_DAYS']);
  });

  describe('WECHAT_MESSAGE_MODE', () => {
    const credentials = { WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', WECHAT_TOKEN: 't' };

    it('defaults to safe with an AES key and to plain without one', () => {
      expect(loadConfig({ ...credentials, WECHAT_AES_KEY: AES_KEY }).wechat.messageMode).toBe('safe');
      expect(loadConfig(credentials).wechat.messageMode).toBe('plain');
      // The simulator's wiring has the simulator's key, and the simulator posts in safe mode.
      expect(loadConfig({}).wechat.messageMode).toBe('safe');
    });

    it('takes an explicit mode, plain even with a key', () => {
      expect(
        loadConfig({ ...credentials, WECHAT_AES_KEY: AES_KEY, WECHAT_MESSAGE_MODE: 'compat' }).wechat
          .messageMode,
      ).toBe('compat');
      expect(
        loadConfig({ ...credentials, WECHAT_AES_KEY: AES_KEY, WECHAT_MESSAGE_MODE: 'plain' }).wechat
          .messageMode,
      ).toBe('plain');
    });

    it('refuses compat or safe without a key, and an unknown mode', () => {
      for (const mode of ['compat', 'safe']) {
        expect(problemsOf({ ...credentials, WECHAT_MESSAGE_MODE: mode })).toEqual([
          expect.stringMatching(/^WECHAT_AES_KEY: .*WECHAT_MESSAGE_MODE/),
        ]);
      }
      expect(problemsOf({ WECHAT_MESSAGE_MODE: 'aes' })[0]).toMatch(/^WECHAT_MESSAGE_MODE: /);
    });
  });

  describe('production', () => {
    it('starts with an AES key and a strong secret', () => {
      expect(problemsOf(PRODUCTION)).toEqual([]);
      expect(loadConfig(PRODUCTION).wechat.messageMode).toBe('safe');
    });

    it('requires the AES key unless plain mode is chosen explicitly', () => {
      const { WECHAT_AES_KEY: _key, ...withoutKey } = PRODUCTION;
      expect(problemsOf(withoutKey)).toEqual([expect.stringMatching(/^WECHAT_AES_KEY: is required/)]);
      expect(problemsOf({ ...withoutKey, WECHAT_MESSAGE_MODE: 'plain' })).toEqual([]);
    });

    it.each([
      ['one repeated character', 'x'.repeat(40)],
      ['a short repeated pattern', 'abc123'.repeat(8)],
      ['a repeated half', 'f81d4fae7dec11d0a76500a0c91e6bf6'.repeat(2)],
      ['the development default', 'weshop-development-session-secret-not-for-production'],
      ['few distinct characters', '0110100111010010110100101101001011010010'],
      ['a word-like secret under 128 bits', 'aaaabbbbccccddddeeeeffffgggghhhh'],
    ])('refuses a weak SESSION_SECRET: %s', (_why, secret) => {
      expect(problemsOf({ ...PRODUCTION, SESSION_SECRET: secret })).toEqual([
        expect.stringMatching(/^SESSION_SECRET: /),
      ]);
    });

    it.each([
      ['hex', STRONG_SECRET],
      ['base64', 'q5Vj0ZrYbK2m8WfT1xHcN4pLs7eGd3uA9oIvR6yBzQk='],
      ['a long passphrase', 'correct horse battery staple, then a pinch of salt and 7 more words'],
    ])('accepts a strong SESSION_SECRET: %s', (_why, secret) => {
      expect(problemsOf({ ...PRODUCTION, SESSION_SECRET: secret })).toEqual([]);
    });
  });
});
