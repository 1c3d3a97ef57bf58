/**
 * Queries and answers of the staff console's routes that have no area file of their own: search
 * statistics, the notification log, keyword rules, the shop settings and the staff login log.
 */
import { z } from 'zod';
import { listSchema, pageSchema } from '../api-common.ts';
import { KeywordRuleSchema } from '../keyword/keyword.ts';
import { LoginAttemptSchema } from './admin.ts';
import { OutboxMessageSchema, OutboxStatusSchema } from '../notify/notify.ts';
import { CursorQuerySchema, LimitQuerySchema, queryInt } from '../pagination/pagination.ts';
import { SETTING_SCHEMAS } from '../settings/settings.ts';
import type { SettingKey } from '../settings/settings.ts';

export const SearchStatSchema = z
  .object({ normalized: z.string(), count: z.int(), hits: z.int() })
  .meta({ id: 'SearchStat' });
export type SearchStat = z.infer<typeof SearchStatSchema>;

export const SearchStatsQuerySchema = z.object({
  days: queryInt({ min: 1, max: 90 }).optional().default(7),
  limit: queryInt({ min: 1, max: 50 }).optional().default(20),
});

/** The top queries, and those that found nothing. */
export const SearchStatsSchema = z.object({
  top: z.array(SearchStatSchema),
  zeroResults: z.array(SearchStatSchema),
});
export type SearchStats = z.infer<typeof SearchStatsSchema>;

export const NotificationListQuerySchema = z.object({
  status: OutboxStatusSchema.optional().meta({ description: 'Only messages in this status' }),
  cursor: CursorQuerySchema,
  limit: LimitQuerySchema,
});

export const NotificationPageSchema = pageSchema(OutboxMessageSchema);

export const KeywordRuleListSchema = listSchema(KeywordRuleSchema);

export const SETTING_KEYS = Object.keys(SETTING_SCHEMAS) as [SettingKey, ...SettingKey[]];

/** `/settings/{key}`: one of the keys of SETTING_SCHEMAS. */
export const SettingKeyParamsSchema = z.object({
  key: z.enum(SETTING_KEYS, { error: `must be one of ${SETTING_KEYS.join(', ')}` }),
});

/**
 * A setting's value as the OpenAPI document shows it; the API validates the body with the key's own
 * schema (SETTING_SCHEMAS[key]), which a path-dependent body cannot express in OpenAPI.
 */
export const SettingValueSchema = z.unknown().meta({
  description: 'The value, shaped by the key’s schema (NotificationTemplates, ConfiguredReply, Menu …)',
});

export const LoginAttemptListQuerySchema = z.object({
  username: z.string().min(1).max(64).optional().meta({ description: 'Only attempts on this account' }),
  ip: z.string().min(1).max(64).optional().meta({ description: 'Only attempts from this address' }),
  cursor: CursorQuerySchema,
  limit: LimitQuerySchema,
});
export type LoginAttemptListQuery = z.infer<typeof LoginAttemptListQuerySchema>;

export const LoginAttemptPageSchema = pageSchema(LoginAttemptSchema);
