import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ownValue, recordKey } from './own-keys.ts';

const RESERVED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('ownValue', () => {
  it.each(RESERVED)('finds nothing under %j in a record that does not hold it', (key) => {
    expect(ownValue({ a: 1 }, key)).toBeUndefined();
  });

  it.each(RESERVED.filter((key) => key !== '__proto__'))('finds what a record holds under %j', (key) => {
    expect(ownValue(JSON.parse(`{"${key}": 7}`) as Record<string, number>, key)).toBe(7);
  });
});

describe('recordKey', () => {
  const schema = recordKey(z.string().min(1));

  it('refuses __proto__', () => {
    expect(schema.safeParse('__proto__').error?.issues[0]?.message).toBe('must not be "__proto__"');
  });

  it.each(RESERVED.filter((key) => key !== '__proto__'))('accepts %j', (key) => {
    expect(schema.parse(key)).toBe(key);
  });
});
