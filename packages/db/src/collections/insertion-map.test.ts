import { describe, expect, it } from 'vitest';
import { InsertionMap } from './insertion-map.ts';

describe('InsertionMap', () => {
  it('drops the oldest entries beyond its bound, in insertion order', () => {
    const map = new InsertionMap<string, number>(3);
    for (const [index, key] of ['a', 'b', 'c', 'd', 'e'].entries()) map.set(key, index);
    expect([map.size, map.has('a'), map.has('b'), map.get('c'), map.get('e')]).toEqual([
      3,
      false,
      false,
      2,
      4,
    ]);
    expect(map.oldest()).toEqual(['c', 2]);
  });

  it('keeps an updated key in its place, or moves it to the back when renewed', () => {
    const map = new InsertionMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 10);
    map.set('c', 3);
    expect([map.has('a'), map.get('b'), map.get('c')]).toEqual([false, 2, 3]);
    map.set('b', 20, { renew: true }).set('d', 4);
    expect([map.has('c'), map.get('b'), map.get('d')]).toEqual([false, 20, 4]);
  });

  it('skips keys deleted or re-added since they were queued', () => {
    const map = new InsertionMap<string, number>();
    map.set('a', 1).set('b', 2).set('c', 3);
    map.delete('a');
    map.delete('b');
    map.set('a', 4); // re-added: now the newest
    expect(map.shift()).toEqual(['c', 3]);
    expect(map.shift()).toEqual(['a', 4]);
    expect(map.shift()).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('drops the oldest while a condition holds', () => {
    const map = new InsertionMap<string, number>();
    for (let i = 0; i < 10; i++) map.set(`k${i}`, i);
    map.shiftWhile((value) => value < 7);
    expect([map.size, map.oldest()]).toEqual([3, ['k7', 7]]);
    map.clear();
    map.shiftWhile(() => true);
    expect(map.size).toBe(0);
  });

  it('stays correct and cheap through long churn at its bound', () => {
    const map = new InsertionMap<number, number>(1000);
    for (let i = 0; i < 200_000; i++) {
      map.set(i, i);
      if (i % 3 === 0) map.delete(i - 500);
    }
    expect(map.size).toBeLessThanOrEqual(1000);
    const oldest = map.oldest()![0];
    expect(oldest).toBeGreaterThan(200_000 - 1500);
    for (let key = oldest; key < 200_000; key++) {
      const present = map.has(key);
      expect(present).toBe(map.get(key) === key);
    }
  });

  it('finds the oldest again after it was emptied, renewed at its head or cleared', () => {
    const map = new InsertionMap<string, number>();
    map.set('a', 1);
    expect(map.shift()).toEqual(['a', 1]);
    expect(map.oldest()).toBeUndefined();
    map.set('b', 2).set('c', 3);
    expect(map.oldest()).toEqual(['b', 2]);
    map.set('b', 20, { renew: true });
    expect(map.oldest()).toEqual(['c', 3]);
    map.delete('c');
    expect(map.oldest()).toEqual(['b', 20]);
    map.clear();
    map.set('d', 4);
    expect([map.size, map.oldest()]).toEqual([1, ['d', 4]]);
    const nan = new InsertionMap<number, string>();
    nan.set(Number.NaN, 'x').set(1, 'y');
    expect(nan.oldest()).toEqual([Number.NaN, 'x']);
    nan.delete(Number.NaN);
    expect(nan.oldest()).toEqual([1, 'y']);
  });

  it('agrees with a plain Map and an insertion-ordered list over random operations', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const map = new InsertionMap<number, number>(50);
    const model: [number, number][] = [];
    for (let step = 0; step < 20_000; step++) {
      const key = random(120);
      const at = model.findIndex(([k]) => k === key);
      switch (random(5)) {
        case 0:
        case 1: {
          const renew = random(2) === 0;
          map.set(key, step, { renew });
          if (at >= 0 && !renew) model[at]![1] = step;
          else {
            if (at >= 0) model.splice(at, 1);
            model.push([key, step]);
          }
          while (model.length > 50) model.shift();
          break;
        }
        case 2:
          expect(map.delete(key)).toBe(at >= 0);
          if (at >= 0) model.splice(at, 1);
          break;
        case 3:
          expect(map.shift()).toEqual(model.shift());
          break;
        default: {
          const limit = random(20);
          map.shiftWhile((_value, k) => k < limit);
          while (model.length > 0 && model[0]![0] < limit) model.shift();
        }
      }
      expect(map.size).toBe(model.length);
      expect(map.oldest()).toEqual(model[0]);
    }
  });
});
