import { describe, expect, it } from 'vitest';
import { MAX_TERM_ALTERNATIVES, buildSynonymIndex, expandTerm } from './synonyms.ts';

const index = buildSynonymIndex([
  ['连衣裙', '裙子', 'dress'],
  ['口红', 'Lipstick'],
  ['唇膏', '口紅'],
]);

describe('buildSynonymIndex', () => {
  it('normalises every term', () => {
    const normalized = buildSynonymIndex([['ＬＩＰＳＴＩＣＫ', '口紅', '  ', '！']]);
    expect([...normalized.keys()]).toEqual(['lipstick', '口红']);
  });

  it('joins groups that share a term', () => {
    expect(index.get('唇膏')).toEqual(['口红', 'lipstick', '唇膏']);
    expect(index.get('lipstick')).toBe(index.get('唇膏'));
  });

  it('ignores a group left with a single term', () => {
    expect(buildSynonymIndex([['dress', 'Dress', 'ｄｒｅｓｓ']]).size).toBe(0);
  });
});

describe('expandTerm', () => {
  it('puts the term first, then its synonyms in group order', () => {
    expect(expandTerm('dress', index)).toEqual(['dress', '连衣裙', '裙子']);
    expect(expandTerm('连衣裙', index)).toEqual(['连衣裙', '裙子', 'dress']);
    expect(expandTerm('裙子', index)).toEqual(['裙子', '连衣裙', 'dress']);
  });

  it('normalises the term it is given', () => {
    expect(expandTerm('連衣裙', index)).toEqual(['连衣裙', '裙子', 'dress']);
    expect(expandTerm('Dress', index)).toEqual(['dress', '连衣裙', '裙子']);
  });

  it('returns the term alone when it has no synonyms, and nothing for an empty term', () => {
    expect(expandTerm('衬衫', index)).toEqual(['衬衫']);
    expect(expandTerm('！', index)).toEqual([]);
  });

  it('returns at most MAX_TERM_ALTERNATIVES alternatives', () => {
    const big = buildSynonymIndex([Array.from({ length: 20 }, (_, i) => `s${i}`)]);
    const alternatives = expandTerm('s10', big);
    expect(alternatives).toHaveLength(MAX_TERM_ALTERNATIVES);
    expect(alternatives.slice(0, 3)).toEqual(['s10', 's0', 's1']);
  });
});
