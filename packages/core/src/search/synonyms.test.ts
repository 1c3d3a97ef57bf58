import { describe, expect, it } from 'vitest';
import { MAX_TERM_ALTERNATIVES, buildSynonymIndex, expandTerm } from './synonyms.ts';

const index = buildSynonymIndex([
  ['连衣裙', 'dress'],
  ['口红', 'Lipstick'],
  ['唇膏', '口紅'],
  ['半身裙', 'skirt'],
  { kind: 'broader', terms: ['裙子', '连衣裙', '半身裙', '长裙'] },
  { kind: 'broader', terms: ['skirts', '半身裙'] },
]);

describe('buildSynonymIndex', () => {
  it('normalises every term', () => {
    const normalized = buildSynonymIndex([['ＬＩＰＳＴＩＣＫ', '口紅', '  ', '！']]);
    expect([...normalized.equivalents.keys()]).toEqual(['lipstick', '口红']);
    expect([...normalized.terms]).toEqual(['lipstick', '口红']);
  });

  it('joins equivalence groups that share a term', () => {
    expect(index.equivalents.get('唇膏')).toEqual(['口红', 'lipstick', '唇膏']);
    expect(index.equivalents.get('lipstick')).toBe(index.equivalents.get('唇膏'));
  });

  it('ignores a group left with a single term', () => {
    expect(buildSynonymIndex([['dress', 'Dress', 'ｄｒｅｓｓ']]).equivalents.size).toBe(0);
  });

  it('keeps broader terms one way and merges the narrower lists of one broader term', () => {
    expect(index.narrower.get('裙子')).toEqual(['连衣裙', '半身裙', '长裙']);
    expect(index.narrower.get('连衣裙')).toBeUndefined();
    expect(index.equivalents.get('裙子')).toBeUndefined();
  });
});

describe('expandTerm', () => {
  it('puts the term first, then its equivalents in group order', () => {
    expect(expandTerm('dress', index)).toEqual(['dress', '连衣裙']);
    expect(expandTerm('连衣裙', index)).toEqual(['连衣裙', 'dress']);
  });

  it('brings every narrower term and their equivalents for a broader one, never the other way', () => {
    expect(expandTerm('裙子', index)).toEqual(['裙子', '连衣裙', '半身裙', '长裙', 'dress', 'skirt']);
    expect(expandTerm('长裙', index)).toEqual(['长裙']);
    expect(expandTerm('skirts', index)).toEqual(['skirts', '半身裙', 'skirt']);
  });

  it('normalises the term it is given', () => {
    expect(expandTerm('連衣裙', index)).toEqual(['连衣裙', 'dress']);
    expect(expandTerm('Dress', index)).toEqual(['dress', '连衣裙']);
  });

  it('returns the term alone when it has no synonyms, and nothing for an empty term', () => {
    expect(expandTerm('衬衫', index)).toEqual(['衬衫']);
    expect(expandTerm('！', index)).toEqual([]);
  });

  it('survives cycles of broader terms', () => {
    const cycle = buildSynonymIndex([
      { kind: 'broader', terms: ['a1', 'b1'] },
      { kind: 'broader', terms: ['b1', 'a1'] },
    ]);
    expect(expandTerm('a1', cycle)).toEqual(['a1', 'b1']);
  });

  it('returns at most MAX_TERM_ALTERNATIVES alternatives', () => {
    const big = buildSynonymIndex([Array.from({ length: 40 }, (_, i) => `s${i}`)]);
    const alternatives = expandTerm('s10', big);
    expect(alternatives).toHaveLength(MAX_TERM_ALTERNATIVES);
    expect(alternatives.slice(0, 3)).toEqual(['s10', 's0', 's1']);
  });
});
