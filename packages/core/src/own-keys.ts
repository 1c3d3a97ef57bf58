/**
 * Keys that come from outside (a WeChat EventKey, a setting, a spec name) looked up in plain objects.
 * Every plain object already answers `constructor`, `toString`, `hasOwnProperty`, … from
 * Object.prototype, and `__proto__` cannot be an own key at all (assigning it replaces the prototype;
 * zod's records drop it): look such keys up with `ownValue`, or keep them in a Map.
 */
import type { z } from 'zod';

/** The value `record` holds under `key` itself; never one inherited from Object.prototype. */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A string that names an entry of a record elsewhere (a menu CLICK key → `menu_replies`): anything but
 * `__proto__`, which no parsed record can hold.
 */
export function recordKey(schema: z.ZodString) {
  return schema.refine((key) => key !== '__proto__', { error: 'must not be "__proto__"' });
}
