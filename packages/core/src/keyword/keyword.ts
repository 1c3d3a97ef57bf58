import { z } from 'zod';
import { IdSchema, TimestampSchema, text } from '../common.ts';

export const KeywordMatchSchema = z.enum(['exact', 'contains']);
export type KeywordMatch = z.infer<typeof KeywordMatchSchema>;

export const KeywordReplySchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('text'), text: text(1, 600) }),
    z.object({ type: z.literal('search'), query: text(1, 64) }),
    z.object({ type: z.literal('product'), productId: IdSchema }),
  ])
  .meta({ id: 'KeywordReply' });
export type KeywordReply = z.infer<typeof KeywordReplySchema>;

export const KeywordRuleSchema = z
  .object({
    id: IdSchema,
    keywords: z.array(z.string()),
    match: KeywordMatchSchema,
    priority: z.int(),
    enabled: z.boolean(),
    reply: KeywordReplySchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'KeywordRule' });
export type KeywordRule = z.infer<typeof KeywordRuleSchema>;
