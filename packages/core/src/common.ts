import { z } from 'zod';
import { FORBIDDEN_IN_TEXT } from './characters.ts';

/** A UTC instant as ISO 8601 (`2026-11-22T07:12:00.000Z`); shown in Asia/Shanghai by the UIs. */
export const TimestampSchema = z.string().meta({ format: 'date-time', example: '2026-11-22T07:12:00.000Z' });

/** Database ids are positive 32-bit integers. */
export const IdSchema = z.int().min(1).max(2_147_483_647);

/**
 * Trimmed text with a length range. Control characters other than tab and newline, bidi overrides
 * and lone surrogates are refused (FORBIDDEN_IN_TEXT): every text field of the API uses this rule.
 */
export function text(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .max(max, { error: `must be at most ${max} characters` })
    .refine((value) => !FORBIDDEN_IN_TEXT.test(value), {
      error: 'must not contain control characters',
    });
}

/** Picture references (`/uploads/…` or https): see url/link-url.ts. */
export { ImageUrlSchema } from './url/link-url.ts';
