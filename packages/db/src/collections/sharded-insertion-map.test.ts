import { describe, expect, it } from 'vitest';
import { ShardedInsertionMap, shardsFor } from './sharded-insertion-map.ts';

describe('ShardedInsertionMap', () => {
  it('gets, sets, renews and deletes like a map, and counts its size', () => {
    const map = new ShardedInsertionMap<number>(Infinity, 8);
    for (let i = 0; i < 100; i++) map.set(`k${i}`, i);
    map.set('k5', 50).set('k6', 60, { renew: true });
    expect([map.size, map.get('k5'), map.get('k6'), map.has('k99'), map.has('k100')]).toEqual([
      100,
      50,
      60,
      true,
      false,
    ]);
    expect([map.delete('k1'), map.delete('k1'), map.size]).toEqual([true, false, 99]);
  });

  it('spreads sequential message ids and long event keys evenly over its shards', () => {
    // A rebuild of one shard's table copies about size / shards entries, never the whole map.
    for (const keyOf of [
      (i: number) => `msg:${7_000_000_000_000_000_000n + BigInt(i)}`,
      (i: number) => `evt:oFan${String(i % 997).padStart(24, '0')}:${1_796_460_000 + i}:subscribe:`,
    ]) {
      // Each shard holds at most its share, 1,250 here against an average of 1,000: a shard 25 %
      // fuller than the average would evict, and the whole would hold fewer than 64,000.
      const map = new ShardedInsertionMap<number>(64 * 1250, 64);
      for (let i = 0; i < 64_000; i++) map.set(keyOf(i), i);
      expect(map.size).toBe(64_000);
    }
  });

  it('never holds more than maxSize, dropping the oldest of the shard that is full', () => {
    const map = new ShardedInsertionMap<number>(1000, 16);
    for (let i = 0; i < 50_000; i++) map.set(`msg:${i}`, i);
    expect(map.size).toBeLessThanOrEqual(1000);
    expect(map.size).toBeGreaterThan(900);
    // The survivors are the newest keys.
    expect(map.has('msg:49999')).toBe(true);
    expect(map.has('msg:100')).toBe(false);
  });

  it('drops the oldest of every shard while a condition holds', () => {
    const map = new ShardedInsertionMap<number>(Infinity, 8);
    for (let i = 0; i < 1000; i++) map.set(`t${i}`, i);
    const dropped: string[] = [];
    map.shiftWhile((value, key) => {
      if (value >= 600) return false;
      dropped.push(key);
      return true;
    });
    expect(map.size).toBe(400);
    expect(dropped).toHaveLength(600);
    for (let i = 0; i < 1000; i++) expect(map.has(`t${i}`)).toBe(i >= 600);

    // A condition that reads the size (drop while over a bound) sees it shrink as it drops.
    map.shiftWhile(() => map.size > 250);
    expect(map.size).toBe(250);
  });

  it('sizes its shards at about a thousand entries each', () => {
    expect([
      shardsFor(500),
      shardsFor(20_000),
      shardsFor(300_000),
      shardsFor(1e9),
      shardsFor(Infinity),
    ]).toEqual([1, 32, 512, 1024, 64]);
  });
});
