import { DEFAULT_SETTINGS, SETTING_SCHEMAS } from '@weshop/core';
import type { SettingKey, SettingValue } from '@weshop/core';
import { selectFirst } from '../sqlite/direct-reads.ts';
import { nowIso } from '../time.ts';
import { deepFreeze } from '../json.ts';
import { compiledOnce } from '../sqlite/compiled-query.ts';
import type { Executor } from '../transaction.ts';

/**
 * The last parse of each setting's stored text. Settings are read on hot paths (every payment reads
 * the notification templates) and change rarely; keyed by the text itself, so a change made by any
 * instance is seen on the next read. Parsed values are frozen: callers share them, as they already
 * share the defaults.
 */
const parsedSettings = new Map<SettingKey, { text: string; value: unknown }>();

/** A setting's stored value, or its default; a stored value that no longer parses falls back to the default. */
export async function getSetting<K extends SettingKey>(db: Executor, key: K): Promise<SettingValue<K>> {
  const query = compiledOnce(db, 'setting value', [key], ([name]) =>
    db.selectFrom('settings').select('value').where('key', '=', name),
  );
  const row = await selectFirst(db, query);
  if (!row) return DEFAULT_SETTINGS[key];
  const known = parsedSettings.get(key);
  if (known?.text === row.value) return known.value as SettingValue<K>;
  const parsed = SETTING_SCHEMAS[key].safeParse(JSON.parse(row.value));
  const value = parsed.success ? deepFreeze(parsed.data as SettingValue<K>) : DEFAULT_SETTINGS[key];
  parsedSettings.set(key, { text: row.value, value });
  return value;
}

export async function putSetting<K extends SettingKey>(
  db: Executor,
  key: K,
  value: SettingValue<K>,
  now = nowIso(),
): Promise<void> {
  const text = JSON.stringify(SETTING_SCHEMAS[key].parse(value));
  await db
    .insertInto('settings')
    .values({ key, value: text, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: now }))
    .execute();
}
