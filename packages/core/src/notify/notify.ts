import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../common.ts';
import { utf8ByteLength } from '../encoding/text-encoding.ts';

/** What a queued notification is sent as. */
export const OUTBOX_KINDS = ['template', 'custom', 'mass'] as const;
export const OutboxKindSchema = z.enum(OUTBOX_KINDS);
export type OutboxKind = z.infer<typeof OutboxKindSchema>;

/** pending → sending (leased by one worker) → sent | failed; a retryable failure goes back to pending. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export const OutboxStatusSchema = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

/** How one send attempt ended: delivered, will retry, gave up, or held back by a WeChat quota. */
export const OUTBOX_OUTCOMES = ['sent', 'retry', 'failed', 'paused'] as const;
export const OutboxOutcomeSchema = z.enum(OUTBOX_OUTCOMES);
export type OutboxOutcome = z.infer<typeof OutboxOutcomeSchema>;

/**
 * The body of a template message as queued: the recipient is the row's openid and the client_msg_id is the
 * row's dedupe key, so neither is repeated here.
 */
export const TemplatePayloadSchema = z
  .object({
    templateId: z.string().min(1).max(128),
    url: z.string().max(1024).optional(),
    data: z.record(z.string().min(1).max(64), z.object({ value: z.string() })),
  })
  .meta({ id: 'TemplatePayload' });
export type TemplatePayload = z.infer<typeof TemplatePayloadSchema>;

/** WeChat's client_msg_id (and our dedupe key): at most 64 bytes. */
export const OutboxDedupeKeySchema = z
  .string()
  .min(1)
  .refine((key) => utf8ByteLength(key) <= 64, { error: 'must be at most 64 bytes' });

export const OutboxMessageSchema = z
  .object({
    id: IdSchema,
    dedupeKey: z.string(),
    kind: OutboxKindSchema,
    openid: z.string().nullable(),
    payload: z.unknown(),
    status: OutboxStatusSchema,
    attempts: z.int(),
    nextAttemptAt: TimestampSchema,
    leaseUntil: TimestampSchema.nullable(),
    lastErrcode: z.int().nullable(),
    lastError: z.string().nullable(),
    wechatMsgId: z.string().nullable(),
    /** What WeChat reported afterwards (TEMPLATESENDJOBFINISH), e.g. `success` or `failed:user block`. */
    deliveryStatus: z.string().nullable(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    sentAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'OutboxMessage' });
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export const OutboxAttemptSchema = z
  .object({
    id: IdSchema,
    attempt: z.int(),
    outcome: OutboxOutcomeSchema,
    errcode: z.int().nullable(),
    error: z.string().nullable(),
    durationMs: z.int(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'OutboxAttempt' });
export type OutboxAttempt = z.infer<typeof OutboxAttemptSchema>;

export const OutboxMessageDetailSchema = OutboxMessageSchema.extend({
  attemptLog: z.array(OutboxAttemptSchema),
}).meta({ id: 'OutboxMessageDetail' });
export type OutboxMessageDetail = z.infer<typeof OutboxMessageDetailSchema>;
