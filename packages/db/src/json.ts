import { InsertionMap } from './collections/insertion-map.ts';
import type { z } from 'zod';

/** Parsed values per schema, by their text: an address or a SKU spec comes back on every order. */
const parsedTexts = new WeakMap<z.ZodType, InsertionMap<string, unknown>>();
const PARSED_MAX = 2000;
const PARSED_TEXT_MAX = 2048;

/**
 * Reads a JSON text column through a schema. A row that fails is a data bug, not bad input: it throws
 * with the column named so the log points at it. The same text gives the same value, parsed once and
 * deeply frozen, since callers share it.
 */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, column: string): z.infer<S> {
  let byText = parsedTexts.get(schema);
  if (byText === undefined) parsedTexts.set(schema, (byText = new InsertionMap(PARSED_MAX)));
  const known = byText.get(text);
  if (known !== undefined) return known as z.infer<S>;
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`corrupt JSON in ${column}: ${result.error.message}`);
  const value = deepFreeze(result.data);
  if (text.length <= PARSED_TEXT_MAX) byText.set(text, value);
  return value;
}

/** Freezes a parsed JSON value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Escapes LIKE wildcards so user text matches literally (use with `escape '\\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
