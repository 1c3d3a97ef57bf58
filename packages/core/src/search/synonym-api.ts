/**
 * The staff's synonym rules (`/api/admin/search-synonyms`): equivalents (连衣裙 = dress) and broader
 * terms (裙子 ⊃ 连衣裙, 半身裙), see synonyms.ts for what the search does with them.
 */
import { z } from 'zod';
import { listSchema } from '../api-common.ts';
import { IdSchema, TimestampSchema, text } from '../common.ts';
import { normalizeQuery } from './normalize.ts';

export const SynonymKindSchema = z.enum(['equivalent', 'broader']);

export const SynonymRuleSchema = z
  .object({
    id: IdSchema,
    kind: SynonymKindSchema,
    /** 'broader': the first term covers the others. */
    terms: z.array(z.string()),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'SynonymRule' });
export type SynonymRuleRecord = z.infer<typeof SynonymRuleSchema>;

export const SynonymRuleListSchema = listSchema(SynonymRuleSchema);

/** At most this many terms per rule. */
export const MAX_SYNONYM_TERMS = 20;

/**
 * A rule as staff write it: 2–20 terms of 1–32 characters that stay distinct and searchable once
 * normalised ("Dress" and "ｄｒｅｓｓ" are one term; "！！" is none). Each problem names its term.
 */
export const SynonymRuleInputSchema = z
  .object({
    kind: SynonymKindSchema.default('equivalent'),
    terms: z.array(text(1, 32)).min(2).max(MAX_SYNONYM_TERMS),
  })
  .superRefine((input, ctx) => {
    const seen = new Map<string, number>();
    input.terms.forEach((term, i) => {
      const normalized = normalizeQuery(term);
      if (normalized === '') {
        ctx.addIssue({ code: 'custom', path: ['terms', i], message: 'has nothing searchable' });
        return;
      }
      const first = seen.get(normalized);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['terms', i], message: `repeats term ${first + 1}` });
      }
      seen.set(normalized, i);
    });
  });
export type SynonymRuleInput = z.infer<typeof SynonymRuleInputSchema>;
