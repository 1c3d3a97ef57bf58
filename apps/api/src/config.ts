/**
 * The only reader of the environment. Validates everything at once with zod and reports every
 * problem in one go, each naming its variable, so a misconfigured server refuses to start instead of
 * failing on the first request that needs the missing piece.
 */
import { resolve } from 'node:path';
import { DEFAULT_ORDER_RULES, USERNAME_PATTERN, passwordWeakness } from '@weshop/core';
import type { OrderRules } from '@weshop/core';
import { DatabaseConfigError, parseDatabaseUrl } from '@weshop/db';
import type { DatabaseConfig } from '@weshop/db';
import {
  SIMULATOR_CREDENTIALS,
  SIMULATOR_DEFAULT_PORT,
  SIMULATOR_TEMPLATES,
} from '@weshop/wechat/simulator-defaults';
import { z } from 'zod';
import { secretWeakness } from './secret-strength.ts';

export type Env = Record<string, string | undefined>;

/** Demo credentials used only outside production when ADMIN_USERNAME / ADMIN_PASSWORD are unset. */
export const DEMO_ADMIN = { username: 'admin', password: 'demo-shop-2026' } as const;
const DEV_SESSION_SECRET = 'weshop-development-session-secret-not-for-production';

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const boolText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .optional()
  .transform((value) => (value === undefined ? undefined : ['true', '1', 'yes'].includes(value)));

const aesKeyText = optionalText.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, { error: 'must be the 43-character EncodingAESKey' })
    .optional(),
);

/** A whole number in a range, from its decimal text. */
function intText(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .int()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

const EnvSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
      .default('development'),
    HOST: optionalText,
    PORT: z
      .string()
      .regex(/^\d{1,5}$/, { error: 'must be a port number' })
      .transform(Number)
      .pipe(
        z
          .int()
          .min(0, { error: 'must be between 0 and 65535' })
          .max(65535, { error: 'must be between 0 and 65535' }),
      )
      .optional(),
    PUBLIC_URL: optionalText.pipe(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://shop.example.com' })
        .optional(),
    ),
    DATABASE_URL: optionalText,
    UPLOAD_DIR: optionalText,
    SESSION_SECRET: optionalText.pipe(
      z.string().min(32, { error: 'must be at least 32 characters (use `openssl rand -hex 32`)' }).optional(),
    ),
    ADMIN_USERNAME: optionalText.pipe(
      z
        .string()
        .regex(USERNAME_PATTERN, { error: 'must be 3–32 letters, digits, "_", "." or "-"' })
        .optional(),
    ),
    ADMIN_PASSWORD: z.string().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be a pino log level',
      })
      .optional(),
    DEMO_SEED: boolText,
    WECHAT_APPID: optionalText,
    WECHAT_SECRET: optionalText,
    WECHAT_TOKEN: optionalText,
    WECHAT_AES_KEY: aesKeyText,
    WECHAT_AES_KEY_PREVIOUS: aesKeyText,
    WECHAT_MESSAGE_MODE: optionalText.pipe(
      z.enum(['plain', 'compat', 'safe'], { error: 'must be plain, compat or safe' }).optional(),
    ),
    WECHAT_API_BASE: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    ),
    WECHAT_OAUTH_BASE: optionalText.pipe(
      z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    ),
    ORDER_PAYMENT_TIMEOUT_MINUTES: optionalText.pipe(intText(1, 7 * 24 * 60).optional()),
    ORDER_MAX_UNPAID: optionalText.pipe(intText(1, 100).optional()),
    ORDER_MAX_UNPAID_UNITS: optionalText.pipe(intText(1, 100_000).optional()),
    ORDER_AUTO_COMPLETE_DAYS: optionalText.pipe(intText(1, 90).optional()),
    INBOUND_LOG_DAYS: optionalText.pipe(intText(1, 3650).optional()),
    SEARCH_LOG_DAYS: optionalText.pipe(intText(90, 3650).optional()),
    WECHAT_TEMPLATE_SHIPPED: optionalText,
    WECHAT_TEMPLATE_BALANCE: optionalText,
    OUTBOX_WORKER: optionalText.pipe(
      z.enum(['inline', 'off'], { error: 'must be inline (send from this process) or off' }).optional(),
    ),
    OUTBOX_CONCURRENCY: optionalText.pipe(intText(1, 500).optional()),
    OUTBOX_LEASE_SECONDS: optionalText.pipe(intText(1, 3600).optional()),
    FAILPOINT: optionalText.pipe(
      z
        .string()
        .regex(/^(before_send|after_send|after_mark)(:[1-9]\d{0,6})?$/, {
          error: 'must be before_send, after_send or after_mark, optionally with :<hit number>',
        })
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    if (production && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    if (production && env.SESSION_SECRET) {
      const weakness = secretWeakness(env.SESSION_SECRET, [DEV_SESSION_SECRET]);
      if (weakness) ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: weakness });
    }
    if (production && !env.PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required in production' });
    }
    const wechatSet = [env.WECHAT_APPID, env.WECHAT_SECRET, env.WECHAT_TOKEN].some(Boolean);
    if (wechatSet || production) {
      for (const name of ['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_TOKEN'] as const) {
        if (!env[name]) {
          const why = production
            ? 'is required in production'
            : 'must be set with the other WeChat credentials';
          ctx.addIssue({ code: 'custom', path: [name], message: why });
        }
      }
    }
    // Without credentials outside production the simulator's wiring applies, and it has a key.
    const keyed = Boolean(env.WECHAT_AES_KEY) || (!wechatSet && !production);
    if (!keyed && (env.WECHAT_MESSAGE_MODE === 'compat' || env.WECHAT_MESSAGE_MODE === 'safe')) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHAT_AES_KEY'],
        message: `is required for WECHAT_MESSAGE_MODE=${env.WECHAT_MESSAGE_MODE}`,
      });
    } else if (!keyed && production && env.WECHAT_MESSAGE_MODE !== 'plain') {
      // Plain mode's signature does not cover the body (docs/wechat.md#crypto): only by choice.
      ctx.addIssue({
        code: 'custom',
        path: ['WECHAT_AES_KEY'],
        message:
          'is required in production (or set WECHAT_MESSAGE_MODE=plain to accept unencrypted messages)',
      });
    }
    if (env.WECHAT_AES_KEY_PREVIOUS && !env.WECHAT_AES_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['WECHAT_AES_KEY'],
        message: 'must be set when WECHAT_AES_KEY_PREVIOUS is',
      });
    }
    if (production && env.FAILPOINT) {
      ctx.addIssue({
        code: 'custom',
        path: ['FAILPOINT'],
        message: 'is for crash tests, never in production',
      });
    }
    if (Boolean(env.ADMIN_USERNAME) !== Boolean(env.ADMIN_PASSWORD)) {
      const missing = env.ADMIN_USERNAME ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'must be set together with the other admin variable',
      });
    }
    if (env.ADMIN_USERNAME && env.ADMIN_PASSWORD) {
      const weakness = passwordWeakness(env.ADMIN_PASSWORD, env.ADMIN_USERNAME);
      if (weakness) ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: weakness });
    }
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  database: DatabaseConfig;
  uploadDir: string;
  sessionSecret: string;
  /** Whether cookies get `Secure` (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** The first owner, created at boot when no admin exists. */
  bootstrapAdmin: { username: string; password: string } | null;
  logLevel: string;
  demoSeed: boolean;
  wechat: WeChatConfig;
  outbox: OutboxConfig;
  /** Payment window, unpaid-order cap per fan, days until a shipped order completes by itself. */
  orders: OrderRules;
  /** Days the message log and the search log keep their rows (jobs/log-retention.ts). */
  logRetention: { inboundDays: number; searchDays: number };
}

export type FailpointName = 'before_send' | 'after_send' | 'after_mark';

export interface OutboxConfig {
  /** `inline`: this process runs the outbox worker (default); `off`: another process (`npm run worker`) does. */
  worker: 'inline' | 'off';
  /** Sends in flight at once. */
  concurrency: number;
  /** How long a claimed row is ours before another worker may take it over (well above a send's timeout). */
  leaseMs: number;
  /** Crash tests only: SIGKILL this process at the `hit`-th pass through the named point. */
  failpoint: { name: FailpointName; hit: number } | null;
}

export type MessageMode = 'plain' | 'compat' | 'safe';

export interface WeChatConfig {
  /** `simulator`: no credentials were given (development and tests): talk to apps/wechat-sim. */
  mode: 'wechat' | 'simulator';
  appId: string;
  secret: string;
  token: string;
  /** EncodingAESKey: set → compatible and safe mode messages are decrypted and replies encrypted. */
  aesKey: string | undefined;
  /** The previous EncodingAESKey, tried when the current one fails during a key rotation. */
  previousAesKey: string | undefined;
  /**
   * What POST /wechat accepts (docs/wechat.md#crypto): `plain` also takes unencrypted messages;
   * `compat` and `safe` refuse them and trust only the decrypted fields. Default: `safe` with a key.
   */
  messageMode: MessageMode;
  apiBase: string;
  oauthBase: string;
  templateShipped: string | undefined;
  templateBalance: string | undefined;
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function wechatConfig(values: z.infer<typeof EnvSchema>): WeChatConfig {
  const config = wechatAccount(values);
  return { ...config, messageMode: values.WECHAT_MESSAGE_MODE ?? (config.aesKey ? 'safe' : 'plain') };
}

function wechatAccount(values: z.infer<typeof EnvSchema>): Omit<WeChatConfig, 'messageMode'> {
  const common = {
    templateShipped: values.WECHAT_TEMPLATE_SHIPPED,
    templateBalance: values.WECHAT_TEMPLATE_BALANCE,
    previousAesKey: values.WECHAT_AES_KEY_PREVIOUS,
  };
  if (values.WECHAT_APPID && values.WECHAT_SECRET && values.WECHAT_TOKEN) {
    return {
      ...common,
      mode: 'wechat',
      appId: values.WECHAT_APPID,
      secret: values.WECHAT_SECRET,
      token: values.WECHAT_TOKEN,
      aesKey: values.WECHAT_AES_KEY,
      apiBase: values.WECHAT_API_BASE ?? 'https://api.weixin.qq.com',
      oauthBase: values.WECHAT_OAUTH_BASE ?? 'https://open.weixin.qq.com',
    };
  }
  const sim = SIMULATOR_CREDENTIALS;
  return {
    ...common,
    mode: 'simulator',
    appId: sim.appId,
    secret: sim.secret,
    token: sim.token,
    aesKey: values.WECHAT_AES_KEY ?? sim.aesKey,
    apiBase: values.WECHAT_API_BASE ?? `http://127.0.0.1:${SIMULATOR_DEFAULT_PORT}`,
    oauthBase: values.WECHAT_OAUTH_BASE ?? `http://localhost:${SIMULATOR_DEFAULT_PORT}`,
    // The simulator knows these ids, so the demo's notifications show up in its chat.
    templateShipped: values.WECHAT_TEMPLATE_SHIPPED ?? SIMULATOR_TEMPLATES.shipped.id,
    templateBalance: values.WECHAT_TEMPLATE_BALANCE ?? SIMULATOR_TEMPLATES.balance.id,
  };
}

/** Reads and validates the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.join('.') || 'environment'}: ${issue.message}`);
  }
  let database: DatabaseConfig | undefined;
  try {
    database = parseDatabaseUrl(env.DATABASE_URL, cwd);
  } catch (error) {
    if (!(error instanceof DatabaseConfigError)) throw error;
    problems.push(error.message);
  }
  if (!parsed.success || !database) throw new ConfigError(problems);

  const values = parsed.data;
  const port = values.PORT ?? 3000;
  const publicUrl = (values.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const production = values.NODE_ENV === 'production';
  const bootstrapAdmin =
    values.ADMIN_USERNAME && values.ADMIN_PASSWORD
      ? { username: values.ADMIN_USERNAME, password: values.ADMIN_PASSWORD }
      : production
        ? null
        : { ...DEMO_ADMIN };
  return {
    env: values.NODE_ENV,
    host: values.HOST ?? '0.0.0.0',
    port,
    publicUrl,
    database,
    uploadDir: resolve(cwd, values.UPLOAD_DIR ?? 'data/uploads'),
    sessionSecret: values.SESSION_SECRET ?? DEV_SESSION_SECRET,
    secureCookies: publicUrl.startsWith('https://'),
    bootstrapAdmin,
    logLevel: values.LOG_LEVEL ?? (values.NODE_ENV === 'test' ? 'silent' : 'info'),
    demoSeed: values.DEMO_SEED ?? !production,
    wechat: wechatConfig(values),
    outbox: outboxConfig(values),
    orders: {
      paymentTimeoutMinutes:
        values.ORDER_PAYMENT_TIMEOUT_MINUTES ?? DEFAULT_ORDER_RULES.paymentTimeoutMinutes,
      maxUnpaidOrders: values.ORDER_MAX_UNPAID ?? DEFAULT_ORDER_RULES.maxUnpaidOrders,
      maxUnpaidUnits: values.ORDER_MAX_UNPAID_UNITS ?? DEFAULT_ORDER_RULES.maxUnpaidUnits,
      autoCompleteDays: values.ORDER_AUTO_COMPLETE_DAYS ?? DEFAULT_ORDER_RULES.autoCompleteDays,
    },
    logRetention: { inboundDays: values.INBOUND_LOG_DAYS ?? 30, searchDays: values.SEARCH_LOG_DAYS ?? 180 },
  };
}

function outboxConfig(values: z.infer<typeof EnvSchema>): OutboxConfig {
  const [name, hit] = (values.FAILPOINT ?? '').split(':');
  return {
    worker: values.OUTBOX_WORKER ?? 'inline',
    concurrency: values.OUTBOX_CONCURRENCY ?? 128,
    leaseMs: (values.OUTBOX_LEASE_SECONDS ?? 60) * 1000,
    failpoint: name ? { name: name as FailpointName, hit: Number(hit ?? 1) } : null,
  };
}
