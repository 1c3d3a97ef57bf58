import { describe, expect, it } from 'vitest';
import { containsTerm } from './contains.ts';

describe('containsTerm', () => {
  it('matches CJK text anywhere', () => {
    expect(containsTerm('复古红色碎花连衣裙', '连衣裙')).toBe(true);
    expect(containsTerm('复古红色碎花连衣裙', '衣裙')).toBe(true);
    expect(containsTerm('复古红色碎花连衣裙', '口红')).toBe(false);
  });

  it('matches a Latin word only as a whole word', () => {
    expect(containsTerm('t-shirt', 'shirt')).toBe(false);
    expect(containsTerm('sweatshirt', 'shirt')).toBe(false);
    expect(containsTerm('shirtdress', 'shirt')).toBe(false);
    expect(containsTerm('blue shirt', 'shirt')).toBe(true);
    expect(containsTerm('shirt', 'shirt')).toBe(true);
    expect(containsTerm('t-shirt', 't-shirt')).toBe(true);
    expect(containsTerm('dresses', 'dress')).toBe(false);
  });

  it('takes CJK neighbours as word boundaries', () => {
    expect(containsTerm('纯棉基础款t恤', 't恤')).toBe(true);
    expect(containsTerm('轻薄气垫bb霜', 'bb')).toBe(true);
    expect(containsTerm('upf50+ 连帽', 'upf50')).toBe(true);
    expect(containsTerm('upf50', '50')).toBe(false);
  });

  it('finds a later whole-word occurrence after a partial one', () => {
    expect(containsTerm('redo red', 'red')).toBe(true);
  });

  it('never matches the empty alternative', () => {
    expect(containsTerm('anything', '')).toBe(false);
  });
});
