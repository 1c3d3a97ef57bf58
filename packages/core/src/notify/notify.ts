import { z } from 'zod';

/** What a queued notification is sent as. */
export const OUTBOX_KINDS = ['template', 'custom', 'mass'] as const;
export const OutboxKindSchema = z.enum(OUTBOX_KINDS);
export type OutboxKind = z.infer<typeof OutboxKindSchema>;

/** pending → sending (leased by one worker) → sent | failed; a retryable failure goes back to pending. */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export const OutboxStatusSchema = z.enum(OUTBOX_STATUSES);
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;
