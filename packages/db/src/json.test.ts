import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonColumn } from './json.ts';

describe('parseJsonColumn', () => {
  const Point = z.object({ x: z.number(), tags: z.array(z.string()) });

  it('parses a text once: the same text gives the same deeply frozen value', () => {
    const text = '{"x":1,"tags":["a"]}';
    const first = parseJsonColumn(Point, text, 'points.value');
    expect(first).toEqual({ x: 1, tags: ['a'] });
    expect(parseJsonColumn(Point, text, 'points.value')).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.tags)).toBe(true);
    // Another schema reads the same text for itself.
    const Loose = z.object({ x: z.number() });
    expect(parseJsonColumn(Loose, text, 'points.value')).toEqual({ x: 1 });
  });

  it('throws with the column named when a row does not match, every time', () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => parseJsonColumn(Point, '{"x":"1"}', 'points.value')).toThrow(
        /corrupt JSON in points\.value/,
      );
    }
  });
});
