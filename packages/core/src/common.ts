import { z } from 'zod';

/** A UTC instant as ISO 8601 (`2026-11-22T07:12:00.000Z`); shown in Asia/Shanghai by the UIs. */
export const TimestampSchema = z.string().meta({ format: 'date-time', example: '2026-11-22T07:12:00.000Z' });

/** Database ids are positive 32-bit integers. */
export const IdSchema = z.int().min(1).max(2_147_483_647);

/** Trimmed text with a length range; control characters other than newline and tab are refused. */
export function text(min: number, max: number) {
  return (
    z
      .string()
      .trim()
      .min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
      .max(max, { error: `must be at most ${max} characters` })
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), {
        error: 'must not contain control characters',
      })
  );
}

/**
 * A picture reference: a path on this server (`/uploads/…`) or an https URL. Never `javascript:`,
 * `data:` or plain http (WeChat cards want https pictures).
 */
export const ImageUrlSchema = z
  .string()
  .max(500)
  .regex(/^(\/[A-Za-z0-9._~/-]+|https:\/\/[^\s"'<>]+)$/, {
    error: 'must be a path under this server or an https URL',
  });
