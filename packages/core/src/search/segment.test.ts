import { describe, expect, it } from 'vitest';
import { segmentRun } from './segment.ts';

const words = new Set([
  '连衣裙',
  '碎花',
  '半身裙',
  '婴儿',
  '连体衣',
  '红色',
  '连衣',
  '衣裙',
  '羽绒',
  '羽绒服',
  '包',
]);
const segment = (run: string): string[] => segmentRun(run, words, 4);

describe('segmentRun', () => {
  it('splits a run into the dictionary words it is made of', () => {
    expect(segment('红色连衣裙')).toEqual(['红色', '连衣裙']);
    expect(segment('碎花半身裙')).toEqual(['碎花', '半身裙']);
    expect(segment('婴儿连体衣')).toEqual(['婴儿', '连体衣']);
  });

  it('keeps a word whole rather than cutting it into shorter words', () => {
    expect(segment('连衣裙')).toEqual(['连衣裙']);
    expect(segment('羽绒服')).toEqual(['羽绒服']);
  });

  it('keeps the characters between words together', () => {
    expect(segment('黑色连衣裙')).toEqual(['黑色', '连衣裙']);
    expect(segment('复古红色碎花连衣裙')).toEqual(['复古', '红色', '碎花', '连衣裙']);
  });

  it('leaves a run without words, or of one character, alone', () => {
    expect(segment('手机')).toEqual(['手机']);
    expect(segment('裙')).toEqual(['裙']);
  });

  it('never splits off a single-character word', () => {
    expect(segment('手提包')).toEqual(['手提包']);
  });
});
