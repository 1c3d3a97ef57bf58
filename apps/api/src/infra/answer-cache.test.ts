import { describe, expect, it } from 'vitest';
import { createAnswerCache } from './answer-cache.ts';

describe('answer cache', () => {
  it('forgets entries after the TTL and on clear', () => {
    let now = 0;
    const cache = createAnswerCache<string>({ ttlMs: 100, now: () => now });
    cache.set('连衣裙', 'card');
    expect(cache.get('连衣裙')).toBe('card');
    now = 101;
    expect(cache.get('连衣裙')).toBeUndefined();
    cache.set('口红', 'card');
    cache.clear();
    expect(cache.get('口红')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = createAnswerCache<number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
  });
});
