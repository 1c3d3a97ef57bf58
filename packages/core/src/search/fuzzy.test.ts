import { describe, expect, it } from 'vitest';
import { editDistance, typoBudget, typoCorrections } from './fuzzy.ts';

const WORDS = ['dress', 'lipstick', 'skirt', 'jacket', 'tee', 'red', '连衣裙', 'sweatshirt'];

describe('typoCorrections', () => {
  it('corrects one edit in a word of 4 to 7 letters', () => {
    expect(typoCorrections('dres', WORDS)).toEqual(['dress']);
    expect(typoCorrections('lipstik', WORDS)).toEqual(['lipstick']);
    expect(typoCorrections('skrit', WORDS)).toEqual(['skirt']);
    expect(typoCorrections('jakcet', WORDS)).toEqual(['jacket']);
  });

  it('allows two edits from 8 letters', () => {
    expect(typoCorrections('swetshrt', WORDS)).toEqual(['sweatshirt']);
    expect(typoCorrections('drezz', WORDS)).toEqual([]);
  });

  it('leaves short words, known words and CJK alone', () => {
    expect(typoCorrections('ted', WORDS)).toEqual([]);
    expect(typoCorrections('dress', WORDS)).toEqual([]);
    expect(typoCorrections('连衣群', WORDS)).toEqual([]);
    expect(typoBudget('3.5mm')).toBe(0);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('dress', 'dress', 2)).toBe(0);
    expect(editDistance('dres', 'dress', 2)).toBe(1);
    expect(editDistance('drss', 'dress', 2)).toBe(1);
    expect(editDistance('derss', 'dress', 2)).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
