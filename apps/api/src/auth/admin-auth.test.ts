import { countAdminUsers } from '@weshop/db';
import { createTestDatabase, testDialects } from '@weshop/db/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { ensureBootstrapAdmin } from './admin-auth.ts';

describe.each(testDialects())('ensureBootstrapAdmin on %s', (dialect) => {
  it('creates one owner when several instances boot on one empty database at once', async () => {
    const database = await createTestDatabase(dialect);
    try {
      const config = loadConfig({ ADMIN_USERNAME: 'owner', ADMIN_PASSWORD: 'correct-horse-battery' });
      const created = await Promise.all([1, 2, 3].map(() => ensureBootstrapAdmin(database.db, config)));
      expect(created.filter((user) => user !== null)).toHaveLength(1);
      expect(await countAdminUsers(database.db)).toBe(1);
      expect(await ensureBootstrapAdmin(database.db, config)).toBeNull();
    } finally {
      await database.close();
    }
  });
});
