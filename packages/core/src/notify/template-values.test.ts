import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  BalanceFieldMappingSchema,
  DEFAULT_BALANCE_FIELDS,
  DEFAULT_SHIPPED_FIELDS,
  TemplateFieldMappingSchema,
  buildBalanceTemplateData,
  buildShippedTemplateData,
  fitAmount,
  fitCarNumber,
  fitCharacterString,
  fitName,
  fitNumber,
  fitLetter,
  fitPhoneNumber,
  fitPhrase,
  fitSymbol,
  fitTemplateValue,
  fitThing,
  fitTime,
  templateFieldType,
  truncateCodePoints,
} from './template-values.ts';

const cp = (text: string) => Array.from(text).length;

describe('fitThing', () => {
  it('keeps a value of exactly 20 code points', () => {
    const text = '一二三四五六七八九十一二三四五六七八九十';
    expect(fitThing(text)).toBe(text);
  });

  it('cuts 21 CJK characters to 19 plus an ellipsis', () => {
    const fitted = fitThing('一二三四五六七八九十一二三四五六七八九十X');
    expect(fitted).toBe('一二三四五六七八九十一二三四五六七八九…');
    expect(cp(fitted)).toBe(20);
  });

  it('counts an emoji as one code point and never splits a surrogate pair', () => {
    const text = '😀'.repeat(25);
    const fitted = fitThing(text);
    expect(fitted).toBe(`${'😀'.repeat(19)}…`);
    expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('keeps 20 emoji (40 UTF-16 units) whole', () => {
    expect(fitThing('😀'.repeat(20))).toBe('😀'.repeat(20));
  });

  it('drops a ZWJ emoji sequence that does not fit rather than splitting it', () => {
    const family = '👨‍👩‍👧'; // 5 code points
    const fitted = fitThing(`${'a'.repeat(16)}${family}tail`);
    expect(fitted).toBe(`${'a'.repeat(16)}…`);
  });

  it('fits mixed Chinese, Latin and digits', () => {
    const fitted = fitThing('iPhone 16 Pro 256GB 沙漠色钛金属 全网通');
    expect(cp(fitted)).toBe(20);
    expect(fitted).toBe('iPhone 16 Pro 256GB…');
  });

  it('replaces line breaks and collapses whitespace', () => {
    expect(fitThing('  第一行\r\n第二行\t 三 ')).toBe('第一行 第二行 三');
  });

  it('truncateCodePoints honours another limit', () => {
    expect(truncateCodePoints('abcdef', 5)).toBe('abcd…');
  });
});

describe('fitCharacterString', () => {
  it('keeps ASCII letters, digits and symbols up to 32', () => {
    expect(fitCharacterString('SF1234567890-A/B')).toBe('SF1234567890-A/B');
    expect(fitCharacterString('x'.repeat(40))).toBe('x'.repeat(32));
  });

  it('drops Chinese, emoji and spaces', () => {
    expect(fitCharacterString('订单 WS2026😀1122-001')).toBe('WS20261122-001');
  });
});

describe('fitNumber, fitLetter, fitSymbol', () => {
  it('keeps digits and one decimal point within 32', () => {
    expect(fitNumber(12.5)).toBe('12.5');
    expect(fitNumber('1.2.3')).toBe('1.23');
    expect(fitNumber('-7件')).toBe('7');
    expect(fitNumber('9'.repeat(40))).toHaveLength(32);
  });

  it('keeps letters only within 32', () => {
    expect(fitLetter('ab1c 中d')).toBe('abcd');
    expect(fitLetter('z'.repeat(33))).toHaveLength(32);
  });

  it('keeps at most five symbols', () => {
    expect(fitSymbol('a!@#b$%^&')).toBe('!@#$%');
  });
});

describe('fitAmount', () => {
  it('formats fen as a currency symbol and yuan', () => {
    expect(fitAmount(1250)).toBe('¥12.50');
    expect(fitAmount(0)).toBe('¥0.00');
  });

  it('shows the size of a negative amount', () => {
    expect(fitAmount(-5)).toBe('¥0.05');
  });

  it('keeps at most 10 digits', () => {
    expect(fitAmount(99_999_999_99)).toBe('¥99999999.99');
    expect(fitAmount(100_000_000_00)).toBe('¥100000000');
  });
});

describe('fitTime', () => {
  it('converts UTC to Asia/Shanghai', () => {
    expect(fitTime('2026-11-22T07:12:00.000Z')).toBe('2026-11-22 15:12');
  });

  it('moves to the next day after 16:00 UTC', () => {
    expect(fitTime('2026-11-22T16:00:00Z')).toBe('2026-11-23 00:00');
    expect(fitTime('2026-11-22T15:59:59Z')).toBe('2026-11-22 23:59');
  });

  it('keeps the same day just after midnight UTC, and crosses the year', () => {
    expect(fitTime('2026-11-22T00:00:00Z')).toBe('2026-11-22 08:00');
    expect(fitTime('2026-12-31T23:30:00Z')).toBe('2027-01-01 07:30');
  });

  it('reads offsets and Dates', () => {
    expect(fitTime('2026-11-22T23:12:00+08:00')).toBe('2026-11-22 23:12');
    expect(fitTime(new Date('2026-02-28T16:00:00Z'))).toBe('2026-03-01 00:00');
  });

  it('has the official example style', () => {
    expect(fitTime('2026-03-01T07:05:00Z', 'chinese')).toBe('2026年3月1日 15:05');
  });

  it('throws VALIDATION_FAILED for a non-date', () => {
    expect(() => fitTime('yesterday')).toThrow(DomainError);
  });
});

describe('fitPhrase, fitPhoneNumber, fitCarNumber, fitName', () => {
  it('keeps at most five Chinese characters', () => {
    expect(fitPhrase('配送中')).toBe('配送中');
    expect(fitPhrase('已发货 ok 😀 请查收')).toBe('已发货请查');
  });

  it('keeps digits and phone symbols within 17', () => {
    expect(fitPhoneNumber('+86-0766-66888866')).toBe('+86-0766-66888866');
    expect(fitPhoneNumber('电话 138 0013 8000')).toBe('13800138000');
    expect(fitPhoneNumber('1'.repeat(20))).toHaveLength(17);
  });

  it('keeps a car number with Chinese at both ends', () => {
    expect(fitCarNumber('粤a 8z888挂')).toBe('粤A8Z888挂');
    expect(fitCarNumber('京A中12345')).toBe('京A12345');
  });

  it('limits Chinese names to 10 and Latin names to 20', () => {
    expect(fitName('张'.repeat(12))).toBe('张'.repeat(10));
    expect(fitName('Alexander Hamilton Smith')).toBe('Alexander Hamilton S');
  });
});

describe('templateFieldType', () => {
  it.each([
    ['thing12', 'thing'],
    ['character_string2', 'character_string'],
    ['phone_number3', 'phone_number'],
    ['short_thing5', 'short_thing'],
    ['keyword1', 'keyword'],
    ['amount4', 'amount'],
  ])('reads %s as %s', (key, type) => {
    expect(templateFieldType(key)).toBe(type);
  });

  it.each(['thing', 'remark', 'first', 'Thing1', 'thing1.DATA'])('rejects %s', (key) => {
    expect(templateFieldType(key)).toBeNull();
  });

  it('fits text by the key type', () => {
    expect(fitTemplateValue('character_string7', '单号 SF100')).toBe('SF100');
    expect(fitTemplateValue('thing9', { fen: -1250 })).toBe('-¥12.50');
    expect(fitTemplateValue('thing9', { instant: '2026-11-22T07:12:00Z' })).toBe('2026-11-22 15:12');
    expect(fitTemplateValue('date3', { instant: '2026-11-22T07:12:00Z' })).toBe('2026-11-22 15:12');
    expect(fitTemplateValue('amount3', '12.5元')).toBe('¥12.5');
  });
});

describe('buildShippedTemplateData', () => {
  const input = {
    orderNo: 'WS20261122000123',
    goods: '云南小粒咖啡豆 500g 中度烘焙 ×2 等3件商品',
    carrier: '顺丰速运',
    trackingNo: 'SF 1234 5678 9012',
    shippedAt: '2026-11-22T16:30:00.000Z',
  };

  it('fills the default keys with fitted values', () => {
    expect(buildShippedTemplateData(input)).toEqual({
      character_string2: { value: 'WS20261122000123' },
      thing4: { value: '云南小粒咖啡豆 500g 中度烘焙 ×…' },
      thing13: { value: '顺丰速运' },
      character_string14: { value: 'SF123456789012' },
      time12: { value: '2026-11-23 00:30' },
    });
  });

  it('follows a staff mapping and leaves out unmapped fields', () => {
    const mapping = { ...DEFAULT_SHIPPED_FIELDS, orderNo: 'keyword1', carrier: null };
    const data = buildShippedTemplateData(input, mapping);
    expect(data.keyword1).toEqual({ value: 'WS20261122000123' });
    expect(Object.keys(data)).toHaveLength(4);
  });
});

describe('buildBalanceTemplateData', () => {
  const at = '2026-11-22T07:12:00Z';

  it('fills the default keys for a credit', () => {
    expect(buildBalanceTemplateData({ amountFen: 5000, balanceFen: 12_550, reason: '订单退款', at })).toEqual(
      {
        amount1: { value: '¥50.00' },
        amount2: { value: '¥125.50' },
        thing3: { value: '订单退款' },
        time4: { value: '2026-11-22 15:12' },
      },
    );
  });

  it('marks a debit in the reason when the template has no direction field', () => {
    const data = buildBalanceTemplateData({ amountFen: -1250, balanceFen: 0, reason: '订单支付', at });
    expect(data.amount1).toEqual({ value: '¥12.50' });
    expect(data.thing3).toEqual({ value: '支出 订单支付' });
  });

  it('uses the direction field when mapped', () => {
    const mapping = { ...DEFAULT_BALANCE_FIELDS, direction: 'phrase5' };
    const debit = buildBalanceTemplateData({ amountFen: -1, balanceFen: 0, reason: '订单支付', at }, mapping);
    expect(debit.phrase5).toEqual({ value: '支出' });
    expect(debit.thing3).toEqual({ value: '订单支付' });
  });

  it('keeps a long debit reason within 20 code points', () => {
    const data = buildBalanceTemplateData({ amountFen: -1, balanceFen: 0, reason: '😀'.repeat(30), at });
    expect(cp(data.thing3?.value ?? '')).toBe(20);
  });
});

describe('TemplateFieldMappingSchema', () => {
  it('accepts the defaults', () => {
    const parsed = TemplateFieldMappingSchema.parse({
      shipped: DEFAULT_SHIPPED_FIELDS,
      balance: DEFAULT_BALANCE_FIELDS,
    });
    expect(parsed.shipped.goods).toBe('thing4');
  });

  it('rejects unknown key types and duplicate keys', () => {
    expect(BalanceFieldMappingSchema.safeParse({ ...DEFAULT_BALANCE_FIELDS, reason: 'remark' }).success).toBe(
      false,
    );
    expect(
      BalanceFieldMappingSchema.safeParse({ ...DEFAULT_BALANCE_FIELDS, reason: 'amount1' }).success,
    ).toBe(false);
  });
});
