import { describe, expect, it } from 'vitest';
import { TokenWaitTimeoutError } from './api-errors.ts';
import { createMemoryTokenStore, createTokenKeeper } from './token.ts';
import type { TokenKeeperOptions, TokenStore } from './token.ts';

/** A fetcher that counts calls, answers `token-N` after a short delay, and can be told to fail. */
function fakeFetcher(options: { delayMs?: number; expiresInSeconds?: number } = {}) {
  const state = { calls: [] as boolean[], fail: undefined as Error | undefined };
  const fetchToken: TokenKeeperOptions['fetchToken'] = async (force) => {
    state.calls.push(force);
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 20));
    if (state.fail) throw state.fail;
    return { value: `token-${state.calls.length}`, expiresInSeconds: options.expiresInSeconds ?? 7200 };
  };
  return { state, fetchToken };
}

function keeper(
  store: TokenStore,
  fetchToken: TokenKeeperOptions['fetchToken'],
  extra: Partial<TokenKeeperOptions> = {},
) {
  return createTokenKeeper({ name: 'access_token', store, fetchToken, pollMs: 10, ...extra });
}

describe('createTokenKeeper', () => {
  it('shares one fetch between 50 concurrent get() calls and reuses the stored token', async () => {
    const { state, fetchToken } = fakeFetcher();
    const tokens = keeper(createMemoryTokenStore(), fetchToken);
    const values = await Promise.all(Array.from({ length: 50 }, () => tokens.get()));
    expect(new Set(values)).toEqual(new Set(['token-1']));
    expect(await tokens.get()).toBe('token-1');
    expect(state.calls).toEqual([false]);
  });

  it('fetches once for two instances that share one store', async () => {
    const store = createMemoryTokenStore();
    const { state, fetchToken } = fakeFetcher({ delayMs: 50 });
    const first = keeper(store, fetchToken);
    const second = keeper(store, fetchToken);
    const values = await Promise.all([first.get(), second.get(), first.get(), second.get()]);
    expect(values).toEqual(['token-1', 'token-1', 'token-1', 'token-1']);
    expect(state.calls).toHaveLength(1);
  });

  it('refreshes once for 20 concurrent callers that saw the same stale token', async () => {
    const { state, fetchToken } = fakeFetcher();
    const tokens = keeper(createMemoryTokenStore(), fetchToken);
    const stale = await tokens.get();
    const values = await Promise.all(Array.from({ length: 20 }, () => tokens.refreshAfterInvalid(stale)));
    expect(new Set(values)).toEqual(new Set(['token-2']));
    expect(state.calls).toEqual([false, true]);
    // A late caller with the same stale value finds the new one in the store.
    expect(await tokens.refreshAfterInvalid(stale)).toBe('token-2');
    expect(state.calls).toHaveLength(2);
  });

  it('refreshes once across two instances that saw the same stale token', async () => {
    const store = createMemoryTokenStore();
    const { state, fetchToken } = fakeFetcher({ delayMs: 50 });
    const first = keeper(store, fetchToken);
    const second = keeper(store, fetchToken);
    const stale = await first.get();
    const values = await Promise.all([first.refreshAfterInvalid(stale), second.refreshAfterInvalid(stale)]);
    expect(values).toEqual(['token-2', 'token-2']);
    expect(state.calls).toHaveLength(2);
  });

  it('fetches once when two instances race on an expired token and WeChat answers inside the margin', async () => {
    // WeChat's stable_token hands back the current token until its last 5 minutes, so the refresh made
    // at the margin often gets a value that is itself inside the margin: the waiter must take it.
    const store = createMemoryTokenStore();
    const { state, fetchToken } = fakeFetcher({ delayMs: 30, expiresInSeconds: 240 });
    const first = keeper(store, fetchToken);
    const second = keeper(store, fetchToken);
    for (let expiry = 1; expiry <= 10; expiry++) {
      await store.set('access_token', { value: `old-${expiry}`, expiresAt: Date.now() - 1000 });
      const values = await Promise.all([first.get(), second.get()]);
      expect(values).toEqual([`token-${expiry}`, `token-${expiry}`]);
      expect(state.calls).toHaveLength(expiry);
    }
  });

  it('keeps a value WeChat just gave inside the margin for a while instead of fetching it again', async () => {
    let clock = 1_000_000;
    const { state, fetchToken } = fakeFetcher({ expiresInSeconds: 240 });
    const tokens = keeper(createMemoryTokenStore(), fetchToken, { now: () => clock, settleMs: 30_000 });
    expect(await tokens.get()).toBe('token-1');
    clock += 29_000;
    expect(await tokens.get()).toBe('token-1');
    expect(state.calls).toHaveLength(1);
    clock += 2000;
    expect(await tokens.get()).toBe('token-2');
    expect(state.calls).toHaveLength(2);
  });

  it('refreshes when the stored token is within the margin of its expiry', async () => {
    let clock = 1_000_000;
    const { state, fetchToken } = fakeFetcher();
    const tokens = keeper(createMemoryTokenStore(), fetchToken, {
      now: () => clock,
      refreshMarginMs: 60_000,
    });
    expect(await tokens.get()).toBe('token-1');
    clock += 7200_000 - 60_001;
    expect(await tokens.get()).toBe('token-1');
    clock += 1;
    expect(await tokens.get()).toBe('token-2');
    expect(state.calls).toEqual([false, false]);
  });

  it('fails every waiter with the fetch error, then tries again on the next call', async () => {
    const { state, fetchToken } = fakeFetcher();
    const tokens = keeper(createMemoryTokenStore(), fetchToken);
    state.fail = new Error('WeChat down');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => tokens.get()));
    expect(results.every((result) => result.status === 'rejected' && result.reason === state.fail)).toBe(
      true,
    );
    expect(state.calls).toHaveLength(1);
    state.fail = undefined;
    expect(await tokens.get()).toBe('token-2');
    expect(state.calls).toHaveLength(2);
  });

  it('releases the lease after a failed fetch so another instance can fetch at once', async () => {
    const store = createMemoryTokenStore();
    const { state, fetchToken } = fakeFetcher();
    state.fail = new Error('boom');
    await expect(keeper(store, fetchToken).get()).rejects.toThrow('boom');
    state.fail = undefined;
    expect(await keeper(store, fetchToken).get()).toBe('token-2');
  });

  it('gives up with TokenWaitTimeoutError when another holder keeps the lease', async () => {
    const store = createMemoryTokenStore();
    expect(await store.tryLease('access_token', 60_000)).toBe(true);
    const { state, fetchToken } = fakeFetcher();
    const tokens = keeper(store, fetchToken, { waitMs: 100 });
    await expect(tokens.get()).rejects.toBeInstanceOf(TokenWaitTimeoutError);
    expect(state.calls).toHaveLength(0);
  });

  it('takes over once the lease of a dead holder expires', async () => {
    const store = createMemoryTokenStore();
    expect(await store.tryLease('access_token', 80)).toBe(true);
    const { state, fetchToken } = fakeFetcher();
    expect(await keeper(store, fetchToken, { waitMs: 2000 }).get()).toBe('token-1');
    expect(state.calls).toHaveLength(1);
  });

  it('picks up a value stored by the lease holder while waiting', async () => {
    const store = createMemoryTokenStore();
    await store.tryLease('access_token', 60_000);
    const { state, fetchToken } = fakeFetcher();
    const waiting = keeper(store, fetchToken).get();
    setTimeout(
      () => void store.set('access_token', { value: 'other', expiresAt: Date.now() + 7200_000 }),
      50,
    );
    expect(await waiting).toBe('other');
    expect(state.calls).toHaveLength(0);
  });
});
