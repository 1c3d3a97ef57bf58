import { DEFAULT_SETTINGS } from '@weshop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialects } from '../testing.ts';
import type { TestDatabase } from '../testing.ts';
import { getSetting, putSetting } from './settings.ts';

describe.each(testDialects())('settings on %s', (dialect) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
  });
  afterAll(() => t.close());

  it('reads the default, then what was stored, also when another instance changes it', async () => {
    expect(await getSetting(t.db, 'text_help')).toEqual(DEFAULT_SETTINGS.text_help);
    await putSetting(t.db, 'text_help', { type: 'text', text: '第一版' });
    expect(await getSetting(t.db, 'text_help')).toEqual({ type: 'text', text: '第一版' });
    expect(await getSetting(t.db, 'text_help')).toEqual({ type: 'text', text: '第一版' });
    // Another instance writes the row: the next read sees it (the parse is reused per stored text only).
    await t.db
      .updateTable('settings')
      .set({ value: JSON.stringify({ type: 'text', text: '第二版' }) })
      .where('key', '=', 'text_help')
      .execute();
    expect(await getSetting(t.db, 'text_help')).toEqual({ type: 'text', text: '第二版' });
  });

  it('shares parsed values frozen, so no caller can change them for the others', async () => {
    await putSetting(t.db, 'text_help', { type: 'text', text: '冻结' });
    const value = await getSetting(t.db, 'text_help');
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (value as { text: string }).text = 'changed';
    }).toThrow(TypeError);
  });

  it('falls back to the default when the stored text no longer parses', async () => {
    await t.db
      .updateTable('settings')
      .set({ value: JSON.stringify({ type: 'nonsense' }) })
      .where('key', '=', 'text_help')
      .execute();
    expect(await getSetting(t.db, 'text_help')).toEqual(DEFAULT_SETTINGS.text_help);
  });
});
