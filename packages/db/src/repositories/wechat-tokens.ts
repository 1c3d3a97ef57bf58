import type { Executor } from '../transaction.ts';

/**
 * Shared storage for WeChat's access token and JS-SDK ticket, so any number of API instances use
 * one token and only the holder of the refresh lease asks WeChat for a new one. Structurally this is
 * @weshop/wechat's TokenStore (db does not depend on the wechat package).
 */
export interface DbTokenStore {
  get(name: string): Promise<{ value: string; expiresAt: number } | undefined>;
  set(name: string, token: { value: string; expiresAt: number }): Promise<void>;
  tryLease(name: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string): Promise<void>;
}

export function createDbTokenStore(db: Executor, now: () => number = Date.now): DbTokenStore {
  return {
    async get(name) {
      const row = await db
        .selectFrom('wechat_tokens')
        .select(['value', 'expires_at'])
        .where('name', '=', name)
        .executeTakeFirst();
      if (!row || row.value === '') return undefined;
      return { value: row.value, expiresAt: Date.parse(row.expires_at) };
    },
    async set(name, token) {
      const at = new Date(now()).toISOString();
      const expiresAt = new Date(token.expiresAt).toISOString();
      await db
        .insertInto('wechat_tokens')
        .values({
          name,
          value: token.value,
          expires_at: expiresAt,
          refresh_lease_until: null,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({
            value: token.value,
            expires_at: expiresAt,
            refresh_lease_until: null,
            updated_at: at,
          }),
        )
        .execute();
    },
    async tryLease(name, ttlMs) {
      const at = new Date(now()).toISOString();
      const until = new Date(now() + ttlMs).toISOString();
      // Make sure the row exists, then take the lease with one conditional update: exactly one caller wins.
      await db
        .insertInto('wechat_tokens')
        .values({ name, value: '', expires_at: at, refresh_lease_until: null, updated_at: at })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const result = await db
        .updateTable('wechat_tokens')
        .set({ refresh_lease_until: until, updated_at: at })
        .where('name', '=', name)
        .where((eb) => eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<', at)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async releaseLease(name) {
      await db
        .updateTable('wechat_tokens')
        .set({ refresh_lease_until: null })
        .where('name', '=', name)
        .execute();
    },
  };
}
