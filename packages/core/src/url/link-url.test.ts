import { describe, expect, it } from 'vitest';
import { text } from '../common.ts';
import { ImageUrlSchema, linkUrl } from './link-url.ts';

const HOSTILE = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  ' javascript:alert(1)',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:x',
  'file:///etc/passwd',
  '//evil.com/a.jpg',
  '///evil.com/a.jpg',
  '/..//evil.com/a.jpg',
  '/%2e%2e//evil.com/a.jpg',
  '/\\evil.com/a.jpg',
  'https:evil.com/a.jpg',
  'https:/evil.com/a.jpg',
  'https:///evil.com/a.jpg',
  'https://shop.example@evil.com/a.jpg',
  'https://user:pass@cdn.example.com/a.jpg',
  'https://cdn.example.com/a b.jpg',
  'https://cdn.example.com/a\u0000.jpg',
  'https://cdn.example.com/a\u202e.jpg',
  'https://cdn.example.com/"onerror="x',
  'uploads/a.jpg',
  'evil.com/a.jpg',
];

describe('linkUrl', () => {
  const link = linkUrl(1, 500);

  it.each(HOSTILE)('refuses %j', (value) => {
    expect(link.safeParse(value).success).toBe(false);
    expect(ImageUrlSchema.safeParse(value).success).toBe(false);
  });

  it.each([
    ['https://cdn.example.com/p/1.jpg?w=200#x', 'https://cdn.example.com/p/1.jpg?w=200#x'],
    ['HTTPS://CDN.example.com/a.jpg', 'HTTPS://CDN.example.com/a.jpg'],
    ['http://shop.example.com/shop/', 'http://shop.example.com/shop/'],
    ['  /shop/search?q=连衣裙&from=menu ', '/shop/search?q=连衣裙&from=menu'],
    ['/oauth/wechat?redirect=/shop/orders', '/oauth/wechat?redirect=/shop/orders'],
  ])('keeps %j as %j', (value, kept) => {
    expect(link.parse(value)).toBe(kept);
  });

  it('allows the empty string only with min 0', () => {
    expect(linkUrl(0, 10).parse('')).toBe('');
    expect(link.safeParse('').success).toBe(false);
  });

  it('takes pictures from this server or https only', () => {
    expect(ImageUrlSchema.parse('/uploads/demo/p1-1.jpg')).toBe('/uploads/demo/p1-1.jpg');
    expect(ImageUrlSchema.parse('https://cdn.example.com/a.jpg')).toBe('https://cdn.example.com/a.jpg');
    expect(ImageUrlSchema.safeParse('http://cdn.example.com/a.jpg').success).toBe(false);
  });
});

describe('text', () => {
  const field = text(0, 100);
  it.each([
    '\u0000',
    'a\u0007b',
    'a\u001bb',
    'a\u007fb',
    'a\u0085b',
    'a\u009bb',
    'a\u202eb',
    'a\u202ab',
    'a\u2067b',
    'a\ud800b',
    'a\udc00',
  ])('refuses %j', (value) => {
    expect(field.safeParse(value).error?.issues[0]?.message).toBe('must not contain control characters');
  });

  it.each(['连衣裙 dress', 'line one\nline two', 'a\tb', 'CRLF\r\nkept', '表情 😀👍🏽', 'עברית and العربية'])(
    'keeps %j',
    (value) => {
      expect(field.parse(value)).toBe(value);
    },
  );
});
