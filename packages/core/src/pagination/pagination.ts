import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { decodeBase64Url, encodeBase64Url } from '../encoding/text-encoding.ts';

/**
 * Cursor pagination: every list is `{ items, nextCursor }`. A cursor is an opaque base64url string that
 * carries the sort key of the last row served (keyset pagination), so rows added while a client pages
 * never cause duplicates or gaps among the rows that existed when it started.
 */

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 50;

/** Query-string integer: digits only (no "1e3", no " 5", no "-5"), then a range. */
export function queryInt(options: { min: number; max: number; label?: string }) {
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: `must be an integer between ${options.min} and ${options.max}` })
    .transform(Number)
    .pipe(
      z
        .int()
        .min(options.min, { error: `must be at least ${options.min}` })
        .max(options.max, { error: `must be at most ${options.max}` }),
    );
}

export const LimitQuerySchema = queryInt({ min: 1, max: MAX_LIMIT })
  .optional()
  .default(DEFAULT_LIMIT)
  .meta({ description: `Page size, an integer from 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})` });

export const CursorQuerySchema = z
  .string()
  .min(1)
  .max(512)
  .optional()
  .meta({ description: 'The `nextCursor` of the previous page; omit for the first page' });

export const ListQuerySchema = z.object({
  cursor: CursorQuerySchema,
  limit: LimitQuerySchema,
});
export type ListQuery = z.infer<typeof ListQuerySchema>;

/** A positive integer id in a path or query (`/products/:id`). */
export const IdParamSchema = queryInt({ min: 1, max: 2_147_483_647 }).meta({
  description: 'A positive integer id',
});

export type CursorKey = readonly (string | number)[];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const CURSOR_VERSION = 1;

export function encodeCursor(key: CursorKey): string {
  return encodeBase64Url(JSON.stringify([CURSOR_VERSION, ...key]));
}

/**
 * Decodes a cursor made by encodeCursor and checks it against the expected key shape. Anything else
 * (garbage, tampering, a cursor from another list) is a VALIDATION_FAILED on `cursor`, never a crash.
 */
export function decodeCursor<const S extends readonly z.ZodType[]>(
  cursor: string,
  shape: S,
): { [K in keyof S]: z.infer<S[K]> } {
  const fail = () =>
    new DomainError('VALIDATION_FAILED', { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw fail();
  let decoded: unknown;
  try {
    decoded = JSON.parse(decodeBase64Url(cursor));
  } catch {
    throw fail();
  }
  const schema = z.tuple([z.literal(CURSOR_VERSION), ...shape] as unknown as [z.ZodType, ...z.ZodType[]]);
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw fail();
  return (parsed.data as unknown[]).slice(1) as { [K in keyof S]: z.infer<S[K]> };
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only says that another page exists.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
