/**
 * The simulator's only reader of the environment (zod), listing every problem at once.
 */
import { SIMULATOR_CREDENTIALS, SIMULATOR_DEFAULT_PORT, SIMULATOR_TEMPLATES } from '@weshop/wechat';
import { z } from 'zod';
import type { TemplateInfo } from './options.ts';

export type Env = Record<string, string | undefined>;

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

const TemplatesSchema = z.record(
  z.string(),
  z.object({ title: z.string().min(1), labels: z.record(z.string(), z.string()).optional() }),
  { error: 'must be {"<template id>": {"title": "…", "labels": {"<key>": "…"}}}' },
);

const EnvSchema = z.object({
  SIM_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, { error: 'must be a port number' })
      .transform(Number)
      .pipe(z.int().max(65535, { error: 'must be between 0 and 65535' }))
      .optional(),
  ),
  SIM_HOST: optionalText,
  WECHAT_APPID: optionalText,
  WECHAT_SECRET: optionalText,
  WECHAT_TOKEN: optionalText,
  WECHAT_AES_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, { error: 'must be the 43-character EncodingAESKey' })
      .optional(),
  ),
  SIM_ENCRYPT_MODE: optionalText.pipe(
    z.enum(['plain', 'compatible', 'safe'], { error: 'must be plain, compatible or safe' }).optional(),
  ),
  SIM_ACCOUNT_NAME: optionalText,
  SIM_JOB_FINISH_EVENTS: optionalText.pipe(
    z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).optional(),
  ),
  SIM_TEMPLATE_DAILY_QUOTA: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,9}$/, { error: 'must be a whole number' })
      .transform(Number)
      .optional(),
  ),
  SIM_TEMPLATES: optionalText.pipe(
    z
      .string()
      .transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be JSON' });
          return z.NEVER;
        }
      })
      .pipe(TemplatesSchema)
      .optional(),
  ),
  WECHAT_TEMPLATE_SHIPPED: optionalText,
  WECHAT_TEMPLATE_BALANCE: optionalText,
  SIM_WEBHOOK_URL: optionalText.pipe(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
});

export interface SimConfig {
  port: number;
  host: string;
  appId: string;
  secret: string;
  token: string;
  aesKey: string | undefined;
  encryptMode: 'plain' | 'compatible' | 'safe' | undefined;
  ghId: string;
  accountName: string | undefined;
  /** Post TEMPLATESENDJOBFINISH to the webhook after template deliveries (default true). */
  jobFinishEvents: boolean;
  templateDailyQuota: number | undefined;
  /** Card titles and field labels by template id. */
  templates: Record<string, TemplateInfo>;
  webhookUrl: string;
}

export class SimConfigError extends Error {
  problems: string[];
  constructor(problems: string[]) {
    super(`Invalid simulator configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/** SIM_TEMPLATES, plus titles for the API's own template ids (its simulator defaults, or those set). */
function templatesOf(values: z.infer<typeof EnvSchema>): Record<string, TemplateInfo> {
  const templates: Record<string, TemplateInfo> = {};
  for (const { id, title, labels } of Object.values(SIMULATOR_TEMPLATES)) templates[id] = { title, labels };
  if (values.WECHAT_TEMPLATE_SHIPPED) templates[values.WECHAT_TEMPLATE_SHIPPED] = { title: '订单发货通知' };
  if (values.WECHAT_TEMPLATE_BALANCE) templates[values.WECHAT_TEMPLATE_BALANCE] = { title: '余额变动通知' };
  return { ...templates, ...values.SIM_TEMPLATES };
}

export function loadSimConfig(env: Env = process.env): SimConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new SimConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const values = parsed.data;
  if (values.SIM_ENCRYPT_MODE && values.SIM_ENCRYPT_MODE !== 'plain' && !values.WECHAT_AES_KEY) {
    throw new SimConfigError([`SIM_ENCRYPT_MODE: '${values.SIM_ENCRYPT_MODE}' needs WECHAT_AES_KEY`]);
  }
  const given = [values.WECHAT_APPID, values.WECHAT_SECRET, values.WECHAT_TOKEN];
  if (given.some(Boolean) && !given.every(Boolean)) {
    throw new SimConfigError([
      'WECHAT_APPID, WECHAT_SECRET and WECHAT_TOKEN must be set together (or none of them)',
    ]);
  }
  // Without credentials, the simulator uses the same ones as our API does in development.
  const sim = SIMULATOR_CREDENTIALS;
  const own = values.WECHAT_APPID && values.WECHAT_SECRET && values.WECHAT_TOKEN;
  return {
    port: values.SIM_PORT ?? SIMULATOR_DEFAULT_PORT,
    host: values.SIM_HOST ?? '0.0.0.0',
    appId: values.WECHAT_APPID ?? sim.appId,
    secret: values.WECHAT_SECRET ?? sim.secret,
    token: values.WECHAT_TOKEN ?? sim.token,
    aesKey: values.WECHAT_AES_KEY ?? (own ? undefined : sim.aesKey),
    encryptMode: values.SIM_ENCRYPT_MODE,
    ghId: sim.ghId,
    accountName: values.SIM_ACCOUNT_NAME,
    jobFinishEvents:
      values.SIM_JOB_FINISH_EVENTS === undefined || ['true', '1'].includes(values.SIM_JOB_FINISH_EVENTS),
    templateDailyQuota: values.SIM_TEMPLATE_DAILY_QUOTA,
    templates: templatesOf(values),
    webhookUrl: values.SIM_WEBHOOK_URL ?? 'http://localhost:3000/wechat',
  };
}
