import { describe, expect, it } from 'vitest';
import { normalizeQuery } from '../search/index.ts';
import { KeywordRuleInputSchema, matchKeywordRule } from './keyword.ts';

const rule = (id: number, keywords: string[], match: 'exact' | 'contains', priority = 0, enabled = true) => ({
  id,
  keywords,
  match,
  priority,
  enabled,
});

describe('KeywordRuleInputSchema', () => {
  it('accepts keyword or keywords and merges them', () => {
    const parsed = KeywordRuleInputSchema.parse({
      keyword: '上新',
      keywords: ['新品', '上新'],
      match: 'contains',
      reply: { type: 'text', text: '本周上新请看菜单' },
    });
    expect(parsed.keywords).toEqual(['上新', '新品']);
    expect(parsed).toMatchObject({ priority: 0, enabled: true });
  });

  it('requires a keyword and a valid reply', () => {
    const missing = KeywordRuleInputSchema.safeParse({ match: 'exact', reply: { type: 'text', text: 'x' } });
    expect(missing.error?.issues[0]?.path).toEqual(['keywords']);
    const badReply = KeywordRuleInputSchema.safeParse({
      keyword: 'x',
      match: 'exact',
      reply: { type: 'html' },
    });
    expect(badReply.success).toBe(false);
    const badMatch = KeywordRuleInputSchema.safeParse({
      keyword: 'x',
      match: 'regex',
      reply: { type: 'text', text: 'y' },
    });
    expect(badMatch.error?.issues[0]?.path).toEqual(['match']);
  });
});

describe('matchKeywordRule', () => {
  const match = (rules: ReturnType<typeof rule>[], message: string) =>
    matchKeywordRule(rules, normalizeQuery(message), normalizeQuery)?.id;

  it('matches exact and contains rules on the normalised message', () => {
    const rules = [rule(1, ['营业时间'], 'exact'), rule(2, ['退货'], 'contains')];
    expect(match(rules, ' 营业时间！')).toBe(1);
    expect(match(rules, '营业时间是几点')).toBeUndefined();
    expect(match(rules, '我想退货怎么办')).toBe(2);
    expect(match(rules, '連衣裙')).toBeUndefined();
  });

  it('lets the highest priority win, then exact, then the longer keyword, then the older rule', () => {
    expect(match([rule(1, ['裙'], 'contains', 0), rule(2, ['连衣裙'], 'contains', 5)], '连衣裙')).toBe(2);
    expect(match([rule(1, ['连衣裙'], 'contains'), rule(2, ['连衣裙'], 'exact')], '连衣裙')).toBe(2);
    expect(match([rule(1, ['裙'], 'contains'), rule(2, ['连衣裙'], 'contains')], '连衣裙')).toBe(2);
    expect(match([rule(2, ['裙'], 'contains'), rule(1, ['裙'], 'contains')], '裙子')).toBe(1);
  });

  it('ignores disabled rules and empty messages', () => {
    expect(match([rule(1, ['dress'], 'contains', 0, false)], 'dress')).toBeUndefined();
    expect(match([rule(1, ['dress'], 'contains')], '！！')).toBeUndefined();
  });

  it('matches traditional and full-width input against simplified keywords', () => {
    expect(match([rule(1, ['连衣裙'], 'exact')], '連衣裙')).toBe(1);
    expect(match([rule(1, ['dress'], 'exact')], 'ＤＲＥＳＳ')).toBe(1);
  });
});
