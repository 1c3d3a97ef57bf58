import { DEFAULT_SETTINGS, SETTING_SCHEMAS } from '@weshop/core';
import type { SettingKey, SettingValue } from '@weshop/core';
import { nowIso } from '../time.ts';
import type { Executor } from '../transaction.ts';

/** A setting's stored value, or its default; a stored value that no longer parses falls back to the default. */
export async function getSetting<K extends SettingKey>(db: Executor, key: K): Promise<SettingValue<K>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS[key];
  const parsed = SETTING_SCHEMAS[key].safeParse(JSON.parse(row.value));
  return parsed.success ? (parsed.data as SettingValue<K>) : DEFAULT_SETTINGS[key];
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
