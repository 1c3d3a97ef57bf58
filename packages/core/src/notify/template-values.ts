import { z } from 'zod';
import { invalidField } from '../errors.ts';
import { fenToYuanString, formatFen } from '../money/money.ts';

/**
 * Template-message (模板消息) values fitted to WeChat's category-template rules
 * (docs/wechat.md#template-fields):
 * thing ≤20 characters; number ≤32 digits (decimals allowed); letter ≤32 letters; symbol ≤5 symbols;
 * character_string ≤32 digits/letters/symbols (no Chinese); time/date 24-hour formats; amount one currency
 * symbol + ≤10 digits; phone_number ≤17 digits/symbols; car_number ≤8; name ≤10 Chinese or ≤20 letters;
 * phrase ≤5 Chinese characters. Since 2023-05-04 no field may hold a line break. Lengths are counted in
 * code points, and a cut never splits a surrogate pair or an emoji sequence (grapheme cluster).
 */

export const TEMPLATE_FIELD_TYPES = [
  'thing',
  'character_string',
  'number',
  'letter',
  'symbol',
  'amount',
  'time',
  'date',
  'phone_number',
  'car_number',
  'name',
  'phrase',
  'const',
  'short_thing',
  'keyword',
] as const;
export type TemplateFieldType = (typeof TEMPLATE_FIELD_TYPES)[number];

const KEY_PATTERN = new RegExp(`^(${TEMPLATE_FIELD_TYPES.join('|')})(\\d{1,3})$`);

/** `thing12` → 'thing', `character_string2` → 'character_string'; null for keys we do not know. */
export function templateFieldType(key: string): TemplateFieldType | null {
  const match = KEY_PATTERN.exec(key);
  return match ? (match[1] as TemplateFieldType) : null;
}

export const TemplateFieldKeySchema = z
  .string()
  .regex(KEY_PATTERN, { error: 'must be a template key such as thing1 or character_string2' });

const HAN = /\p{Script=Han}/u;
const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Control characters and line breaks become spaces; runs of whitespace collapse to one. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, ' ').trim();
}

/** At most `max` code points; when cut, the last one is '…'. Whole grapheme clusters only. */
export function truncateCodePoints(text: string, max: number): string {
  if (codePoints(text) <= max) return text;
  let kept = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const size = codePoints(segment);
    if (used + size > max - 1) break;
    kept += segment;
    used += size;
  }
  return `${kept.trimEnd()}…`;
}

/** Keep the characters `allowed` accepts, then the first `max` of them (no ellipsis: it is not allowed). */
function keepOnly(text: string, allowed: RegExp, max: number): string {
  return Array.from(text)
    .filter((char) => allowed.test(char))
    .slice(0, max)
    .join('');
}

export function fitThing(text: string, max = 20): string {
  return truncateCodePoints(oneLine(text), max);
}

/** Printable ASCII except space; anything else (Chinese, emoji, spaces) is dropped; cut at 32. */
export function fitCharacterString(text: string): string {
  return keepOnly(text, /^[\x21-\x7e]$/, 32);
}

/** Digits with at most one decimal point, ≤32 characters. A sign is not a digit and is dropped. */
export function fitNumber(value: number | string): string {
  const [whole = '', ...rest] = String(value)
    .replace(/[^\d.]/g, '')
    .split('.');
  const fraction = rest.join('');
  return (fraction ? `${whole || '0'}.${fraction}` : whole).slice(0, 32).replace(/\.$/, '');
}

export function fitLetter(text: string): string {
  return keepOnly(text, /^[A-Za-z]$/, 32);
}

export function fitSymbol(text: string): string {
  return keepOnly(text, /^[!-/:-@[-`{-~]$/, 5);
}

/**
 * fen → "¥12.50": one currency symbol and digits, as the rule allows. The rule has no sign, so a negative
 * amount is shown by its size (callers say "debit" elsewhere, see buildBalanceTemplateData). Past 10 digits
 * (≥ ¥100,000,000.00) the decimals are dropped.
 */
export function fitAmount(fen: number): string {
  const yuan = fenToYuanString(Math.abs(fen));
  return `¥${yuan.replace('.', '').length > 10 ? yuan.slice(0, -3) : yuan}`;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai is UTC+8 all year (no DST since 1991).

/**
 * An ISO instant → Asia/Shanghai wall time. 'dash' (default) gives "2026-11-22 15:12"; 'chinese' gives the
 * official example's "2026年11月22日 15:12".
 */
export function fitTime(instant: string | Date, style: 'dash' | 'chinese' = 'dash'): string {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(ms)) throw invalidField('time', 'not an ISO 8601 instant');
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return style === 'chinese' ? `${y}年${m}月${day}日 ${clock}` : `${y}-${pad(m)}-${pad(day)} ${clock}`;
}

/** Chinese characters only, at most 5 (e.g. 配送中). */
export function fitPhrase(text: string): string {
  return keepOnly(text, HAN, 5);
}

export function fitPhoneNumber(text: string): string {
  return keepOnly(text, /^[\d+\-()#*]$/, 17);
}

/** ≤8: Chinese allowed first and last (粤A8Z888挂), letters/digits (upper-cased) in between. */
export function fitCarNumber(text: string): string {
  const chars = Array.from(text.toUpperCase()).filter((c) => /^[A-Z0-9]$/.test(c) || HAN.test(c));
  const fitted = chars.filter((c, i) => !HAN.test(c) || i === 0 || i === chars.length - 1).slice(0, 8);
  return fitted.join('');
}

/** ≤10 characters when the name has any Chinese, else ≤20 letters or symbols. */
export function fitName(text: string): string {
  const clean = oneLine(text);
  return Array.from(clean)
    .slice(0, HAN.test(clean) ? 10 : 20)
    .join('')
    .trimEnd();
}

/** A value before fitting: plain text, money in fen, or an instant. */
export type TemplateRawValue = string | { fen: number } | { instant: string | Date };

function asText(raw: TemplateRawValue): string {
  if (typeof raw === 'string') return raw;
  return 'fen' in raw ? formatFen(raw.fen) : fitTime(raw.instant);
}

/** The value for `key`, fitted by the type its name starts with. Unknown keys get the thing rule. */
export function fitTemplateValue(key: string, raw: TemplateRawValue): string {
  const type = templateFieldType(key);
  if (type === 'amount' && typeof raw === 'object' && 'fen' in raw) return fitAmount(raw.fen);
  if ((type === 'time' || type === 'date') && typeof raw === 'object' && 'instant' in raw) {
    return fitTime(raw.instant);
  }
  const text = asText(raw);
  switch (type) {
    case 'character_string':
      return fitCharacterString(text);
    case 'number':
    case 'amount': // text under an amount key: keep its digits after a currency sign
      return type === 'number' ? fitNumber(text) : `¥${fitNumber(text).slice(0, 11)}`;
    case 'letter':
      return fitLetter(text);
    case 'symbol':
      return fitSymbol(text);
    case 'phrase':
      return fitPhrase(text);
    case 'phone_number':
      return fitPhoneNumber(text);
    case 'car_number':
      return fitCarNumber(text);
    case 'name':
      return fitName(text);
    default: // thing, const, short_thing (length undocumented), keyword (legacy), time/date as text
      return fitThing(text);
  }
}

/** A logical field → its template key, or null when the chosen template has no such field. */
const fieldKey = TemplateFieldKeySchema.nullable();
const distinctKeys = (mapping: Record<string, string | null>) => {
  const keys = Object.values(mapping).filter((key) => key !== null);
  return new Set(keys).size === keys.length;
};

export const ShippedFieldMappingSchema = z
  .object({
    orderNo: fieldKey,
    goods: fieldKey,
    carrier: fieldKey,
    trackingNo: fieldKey,
    shippedAt: fieldKey,
  })
  .refine(distinctKeys, { error: 'each template key may be used once' });
export type ShippedFieldMapping = z.infer<typeof ShippedFieldMappingSchema>;

export const BalanceFieldMappingSchema = z
  .object({ change: fieldKey, balance: fieldKey, reason: fieldKey, at: fieldKey, direction: fieldKey })
  .refine(distinctKeys, { error: 'each template key may be used once' });
export type BalanceFieldMapping = z.infer<typeof BalanceFieldMappingSchema>;

/** Staff overrides kept in settings, one mapping per notification. */
export const TemplateFieldMappingSchema = z.object({
  shipped: ShippedFieldMappingSchema,
  balance: BalanceFieldMappingSchema,
});
export type TemplateFieldMapping = z.infer<typeof TemplateFieldMappingSchema>;

/** 订单发货通知: the keys of CRMEB's category template 订单发货 (docs/wechat.md#template-fields; not official). */
export const DEFAULT_SHIPPED_FIELDS: ShippedFieldMapping = {
  orderNo: 'character_string2',
  goods: 'thing4',
  carrier: 'thing13',
  trackingNo: 'character_string14',
  shippedAt: 'time12',
};

/** 余额变动提醒: no published keys (docs/wechat.md#template-fields); a plausible typed set staff can override. */
export const DEFAULT_BALANCE_FIELDS: BalanceFieldMapping = {
  change: 'amount1',
  balance: 'amount2',
  reason: 'thing3',
  at: 'time4',
  direction: null,
};

export type TemplateData = Record<string, { value: string }>;

function buildData(pairs: ReadonlyArray<[string | null, TemplateRawValue]>): TemplateData {
  const data: TemplateData = {};
  for (const [key, raw] of pairs) if (key !== null) data[key] = { value: fitTemplateValue(key, raw) };
  return data;
}

export interface ShippedTemplateInput {
  orderNo: string;
  goods: string;
  carrier: string;
  trackingNo: string;
  /** ISO instant. */
  shippedAt: string;
}

export function buildShippedTemplateData(
  input: ShippedTemplateInput,
  mapping: ShippedFieldMapping = DEFAULT_SHIPPED_FIELDS,
): TemplateData {
  return buildData([
    [mapping.orderNo, input.orderNo],
    [mapping.goods, input.goods],
    [mapping.carrier, input.carrier],
    [mapping.trackingNo, input.trackingNo],
    [mapping.shippedAt, { instant: input.shippedAt }],
  ]);
}

export interface BalanceTemplateInput {
  /** Signed: negative is a debit. */
  amountFen: number;
  balanceFen: number;
  reason: string;
  /** ISO instant. */
  at: string;
}

/**
 * The amount field holds the size of the change (the amount rule has no sign). The direction goes to the
 * `direction` field (收入 / 支出) when the template has one, else a debit's reason starts with "支出 ".
 */
export function buildBalanceTemplateData(
  input: BalanceTemplateInput,
  mapping: BalanceFieldMapping = DEFAULT_BALANCE_FIELDS,
): TemplateData {
  const debit = input.amountFen < 0;
  const reason = debit && mapping.direction === null ? `支出 ${input.reason}` : input.reason;
  return buildData([
    [mapping.change, { fen: input.amountFen }],
    [mapping.balance, { fen: input.balanceFen }],
    [mapping.reason, reason],
    [mapping.at, { instant: input.at }],
    [mapping.direction, debit ? '支出' : '收入'],
  ]);
}
