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

/**
 * Staff input for a rule: one `keyword` or a list of `keywords` (both accepted, as the contract says).
 * Keywords are matched against the normalised message (search/normalize.ts), so they are stored normalised too.
 */
export const KeywordRuleInputSchema = z
  .object({
    keyword: text(1, 30).optional(),
    keywords: z.array(text(1, 30)).min(1).max(20).optional(),
    match: KeywordMatchSchema,
    priority: z.int().min(-1000).max(1000).default(0),
    enabled: z.boolean().default(true),
    reply: KeywordReplySchema,
  })
  .superRefine((input, ctx) => {
    if (!input.keyword && !input.keywords) {
      ctx.addIssue({ code: 'custom', path: ['keywords'], message: 'give keyword or keywords' });
    }
  })
  .transform(({ keyword, keywords, ...rest }) => ({
    ...rest,
    keywords: [...new Set([...(keyword ? [keyword] : []), ...(keywords ?? [])])],
  }));
export type KeywordRuleInput = z.infer<typeof KeywordRuleInputSchema>;

/** A partial update of a rule (PATCH). */
export const KeywordRulePatchSchema = z.object({
  keywords: z.array(text(1, 30)).min(1).max(20).optional(),
  match: KeywordMatchSchema.optional(),
  priority: z.int().min(-1000).max(1000).optional(),
  enabled: z.boolean().optional(),
  reply: KeywordReplySchema.optional(),
});
export type KeywordRulePatch = z.infer<typeof KeywordRulePatchSchema>;

/**
 * The rule that answers a message, or undefined: enabled rules only; `exact` needs the whole
 * normalised message to equal a keyword, `contains` a keyword inside it; the highest priority wins,
 * then exact over contains, then the longer keyword, then the older rule (lower id).
 * `normalize` is the search normaliser, applied to the keywords as to the message.
 */
export function matchKeywordRule<
  R extends Pick<KeywordRule, 'id' | 'keywords' | 'match' | 'priority' | 'enabled'>,
>(rules: readonly R[], normalizedMessage: string, normalize: (text: string) => string): R | undefined {
  let best: { rule: R; exact: boolean; length: number } | undefined;
  for (const rule of rules) {
    if (!rule.enabled || normalizedMessage === '') continue;
    for (const raw of rule.keywords) {
      const keyword = normalize(raw);
      if (keyword === '') continue;
      const hit =
        rule.match === 'exact' ? normalizedMessage === keyword : normalizedMessage.includes(keyword);
      if (!hit) continue;
      const candidate = { rule, exact: rule.match === 'exact', length: keyword.length };
      if (!best || isBetter(candidate, best)) best = candidate;
    }
  }
  return best?.rule;
}

function isBetter(
  a: { rule: { id: number; priority: number }; exact: boolean; length: number },
  b: { rule: { id: number; priority: number }; exact: boolean; length: number },
): boolean {
  if (a.rule.priority !== b.rule.priority) return a.rule.priority > b.rule.priority;
  if (a.exact !== b.exact) return a.exact;
  if (a.length !== b.length) return a.length > b.length;
  return a.rule.id < b.rule.id;
}
