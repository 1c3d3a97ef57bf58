import { describe, expect, it } from 'vitest';
import { buildPinyinIndex, pinyinReadings } from './pinyin.ts';

const SYLLABLES: Record<string, string[]> = {
  连衣裙: ['lian', 'yi', 'qun'],
  长裙: ['chang', 'qun'],
  口红: ['kou', 'hong'],
  t恤: ['T', 'xu'],
};
const index = buildPinyinIndex(['连衣裙', '长裙', '口红', 't恤', 'dress'], (word) => SYLLABLES[word] ?? null);

describe('pinyinReadings', () => {
  it('reads full pinyin and initials', () => {
    expect(pinyinReadings('lianyiqun', index)).toEqual(['连衣裙']);
    expect(pinyinReadings('lyq', index)).toEqual(['连衣裙']);
    expect(pinyinReadings('kouhong', index)).toEqual(['口红']);
    expect(pinyinReadings('txu', index)).toEqual(['t恤']);
  });

  it('reads pinyin mixed with characters', () => {
    expect(pinyinReadings('lian衣裙', index)).toEqual(['连衣裙']);
    expect(pinyinReadings('changqun', index)).toEqual(['长裙']);
    expect(pinyinReadings('chang裙', index)).toEqual(['长裙']);
  });

  it('reads nothing from unknown words, digits or Chinese alone', () => {
    expect(pinyinReadings('dress', index)).toEqual([]);
    expect(pinyinReadings('lian衣裙2', index)).toEqual([]);
    expect(pinyinReadings('连衣裙', index)).toEqual([]);
    expect(pinyinReadings('lian手机', index)).toEqual([]);
  });

  it('knows no pinyin without a source', () => {
    expect(pinyinReadings('lianyiqun', buildPinyinIndex(['连衣裙'], undefined))).toEqual([]);
  });
});
