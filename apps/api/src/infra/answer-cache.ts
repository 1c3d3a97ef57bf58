/**
 * A small in-process cache for hot chat answers (the same keyword from many fans): entries live
 * `ttlMs` and the whole cache is dropped whenever staff change anything (admin writes), so this
 * instance answers from fresh data at once and other instances within `ttlMs`.
 */
import { InsertionMap } from '@weshop/db/collections';

export interface AnswerCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  clear(): void;
}

export function createAnswerCache<V>(
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
): AnswerCache<V> {
  const ttlMs = options.ttlMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const entries = new InsertionMap<string, { value: V; expires: number }>(maxEntries);
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      entries.set(key, { value, expires: now() + ttlMs }, { renew: true });
    },
    clear() {
      entries.clear();
    },
  };
}
