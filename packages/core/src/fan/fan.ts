import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../common.ts';

/** WeChat openids are 28 characters of [A-Za-z0-9_-]; we accept a little more room, never other characters. */
export const OpenidSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, { error: 'not a valid openid' });

export const FanSchema = z
  .object({
    id: IdSchema,
    openid: z.string(),
    unionid: z.string().nullable(),
    nickname: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    subscribed: z.boolean(),
    /** Scene value of the parametric QR code the fan followed through (without `qrscene_`). */
    subscribeScene: z.string().nullable(),
    subscribedAt: TimestampSchema.nullable(),
    unsubscribedAt: TimestampSchema.nullable(),
    firstSeenAt: TimestampSchema,
    lastSeenAt: TimestampSchema,
    tags: z.array(z.string()),
  })
  .meta({ id: 'Fan' });
export type Fan = z.infer<typeof FanSchema>;

export const FanTagSchema = z
  .object({ id: IdSchema, name: z.string(), wechatTagId: z.int().nullable(), fanCount: z.int() })
  .meta({ id: 'FanTag' });
export type FanTag = z.infer<typeof FanTagSchema>;
