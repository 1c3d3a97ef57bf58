import type { z } from 'zod';

/**
 * Reads a JSON text column through a schema. A row that fails is a data bug, not bad input: it throws
 * with the column named so the log points at it.
 */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, column: string): z.infer<S> {
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`corrupt JSON in ${column}: ${result.error.message}`);
  return result.data;
}

/** Escapes LIKE wildcards so user text matches literally (use with `escape '\\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
