/**
 * Token keeping for credentials WeChat hands out with an expiry (access_token, jsapi_ticket): a pluggable
 * store shared by every instance, a refresh lease so that only one instance fetches at a time, and a
 * single in-flight refresh per process. Fetching a new token can invalidate the old one, so refresh
 * storms are the failure this module exists to prevent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenWaitTimeoutError } from './api-errors.ts';

export interface StoredToken {
  value: string;
  /** Epoch ms at which WeChat stops accepting the value. */
  expiresAt: number;
}

export interface TokenStore {
  get(name: string): Promise<StoredToken | undefined>;
  set(name: string, token: StoredToken): Promise<void>;
  /** true when this caller got the refresh lease for ttlMs */
  tryLease(name: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string): Promise<void>;
}

/** A store for one process (and for tests: two keepers on one memory store behave like two instances). */
export function createMemoryTokenStore(options: { now?: () => number } = {}): TokenStore {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, StoredToken>();
  const leases = new Map<string, number>();
  return {
    async get(name) {
      const token = tokens.get(name);
      return token && { ...token };
    },
    async set(name, token) {
      tokens.set(name, { ...token });
    },
    async tryLease(name, ttlMs) {
      const until = leases.get(name);
      if (until !== undefined && until > now()) return false;
      leases.set(name, now() + ttlMs);
      return true;
    },
    async releaseLease(name) {
      leases.delete(name);
    },
  };
}

export interface TokenKeeperOptions {
  /** Key in the store, e.g. `access_token`. */
  name: string;
  store: TokenStore;
  /**
   * Asks WeChat for a value. `forceRefresh` is true when `staleValue` was just rejected by WeChat, so a
   * fetcher that can either reuse or replace the current value must not hand back `staleValue`.
   */
  fetchToken: (
    forceRefresh: boolean,
    staleValue?: string,
  ) => Promise<{ value: string; expiresInSeconds: number }>;
  now?: () => number;
  /** A stored value this close to expiry is refreshed. Default 5 min. */
  refreshMarginMs?: number;
  /**
   * How long a value a refresh settled on is used even inside the margin. WeChat hands back the current
   * token until its last 5 minutes, so a refresh at the margin may get the same, nearly expired value:
   * fetching again at once would only get it again. Default 30 s.
   */
  settleMs?: number;
  /** How long the refresh lease lasts if its holder dies. Default 10 s. */
  leaseMs?: number;
  /** How long to wait for another instance's refresh. Default 8 s. */
  waitMs?: number;
  /** Store polling interval while another instance refreshes. Default 100 ms. */
  pollMs?: number;
}

export interface TokenKeeper {
  get(): Promise<string>;
  /** called after WeChat rejected `staleValue` as invalid: refreshes once, shared by every concurrent caller that saw the same stale value */
  refreshAfterInvalid(staleValue: string): Promise<string>;
}

export function createTokenKeeper(options: TokenKeeperOptions): TokenKeeper {
  const { name, store, fetchToken } = options;
  const now = options.now ?? Date.now;
  const marginMs = options.refreshMarginMs ?? 5 * 60_000;
  const leaseMs = options.leaseMs ?? 10_000;
  const waitMs = options.waitMs ?? 8_000;
  const pollMs = options.pollMs ?? 100;
  const settleMs = options.settleMs ?? 30_000;
  let inFlight: Promise<string> | undefined;
  /** The value the last refresh of this keeper settled on, used even inside the margin until `until`. */
  let settled: { value: string; until: number } | undefined;

  const isAlive = (token: StoredToken | undefined): token is StoredToken =>
    token !== undefined && token.value !== '' && token.expiresAt > now();

  const isFresh = (token: StoredToken | undefined): token is StoredToken =>
    isAlive(token) &&
    (token.expiresAt - marginMs > now() || (settled?.value === token.value && settled.until > now()));

  /** A stored value we may hand out: fresh, and not the one WeChat just rejected. */
  const usable = (token: StoredToken | undefined, stale: string | undefined): token is StoredToken =>
    isFresh(token) && token.value !== stale;

  /**
   * A value another instance stored after we saw `seen` (the value that made us refresh): the outcome
   * of the refresh we waited for, so it is taken while it has not expired, even inside the margin.
   */
  const isNewer = (
    token: StoredToken | undefined,
    seen: StoredToken | undefined,
    stale: string | undefined,
  ): token is StoredToken =>
    isAlive(token) &&
    token.value !== stale &&
    (seen === undefined || token.value !== seen.value || token.expiresAt !== seen.expiresAt);

  const settle = (value: string): string => {
    settled = { value, until: now() + settleMs };
    return value;
  };

  async function fetchAndStore(stale: string | undefined): Promise<string> {
    const fetched = await fetchToken(stale !== undefined, stale);
    if (typeof fetched.value !== 'string' || fetched.value === '' || !(fetched.expiresInSeconds > 0)) {
      throw new Error(`fetchToken for "${name}" returned no value or no lifetime`);
    }
    await store.set(name, { value: fetched.value, expiresAt: now() + fetched.expiresInSeconds * 1000 });
    // Returned even when it is already inside the margin: it is the newest value WeChat would give.
    return fetched.value;
  }

  /**
   * Cross-instance part: only the lease holder fetches, the others watch the store. Whoever waited
   * behind another's refresh takes the value it stored (docs/wechat.md#tokens).
   */
  async function refresh(stale: string | undefined): Promise<string> {
    const deadline = performance.now() + waitMs; // real time, whatever clock `now` is
    const seen = await store.get(name);
    for (let stored = seen; ; stored = await store.get(name)) {
      if (usable(stored, stale) || isNewer(stored, seen, stale)) return settle(stored.value);
      if (await store.tryLease(name, leaseMs)) {
        try {
          // Someone may have stored a new value between our read and the lease (compare before fetching).
          const again = await store.get(name);
          if (usable(again, stale) || isNewer(again, seen, stale)) return settle(again.value);
          return settle(await fetchAndStore(stale));
        } finally {
          await store.releaseLease(name);
        }
      }
      if (performance.now() >= deadline) throw new TokenWaitTimeoutError(name, waitMs);
      await sleep(pollMs);
    }
  }

  /** In-process part: one refresh at a time; callers with the same stale value (or none) share it. */
  async function sharedRefresh(stale: string | undefined): Promise<string> {
    while (inFlight) {
      // A failed refresh fails everyone who was waiting on it; the next call tries again.
      const value = await inFlight;
      if (value !== stale) return value;
      // It produced exactly the value this caller saw rejected: run our own (forced) refresh.
    }
    const promise = refresh(stale).finally(() => {
      if (inFlight === promise) inFlight = undefined;
    });
    inFlight = promise;
    return promise;
  }

  return {
    async get() {
      const stored = await store.get(name);
      if (isFresh(stored)) return stored.value;
      return sharedRefresh(undefined);
    },
    async refreshAfterInvalid(staleValue) {
      const stored = await store.get(name);
      if (usable(stored, staleValue)) return stored.value;
      return sharedRefresh(staleValue);
    },
  };
}
