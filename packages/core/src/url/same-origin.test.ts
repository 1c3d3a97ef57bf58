import { describe, expect, it } from 'vitest';
import { isPlainPath, sameOriginPath } from './same-origin.ts';

const ORIGIN = 'https://shop.example.com';

describe('sameOriginPath', () => {
  it.each([
    ['/shop/orders?id=1#top', '/shop/orders?id=1#top'],
    ['/shop/search?q=连衣裙&from=chat', '/shop/search?q=%E8%BF%9E%E8%A1%A3%E8%A3%99&from=chat'],
    ['/shop/./cart', '/shop/cart'],
    ['/shop/a/../orders', '/shop/orders'],
    ['/shop/%2e%2e/orders', '/orders'],
    ['/%2fevil.com', '/%2fevil.com'],
  ])('keeps %j as the normalised %j', (input, expected) => {
    expect(sameOriginPath(input, ORIGIN)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    'shop/',
    '//evil.example/x',
    '/\\evil.example',
    '/a\u0000b',
    '/a\tb',
    'javascript:alert(1)',
    'https://evil.example/x',
    '/..//evil.example',
    '/shop/../..//evil.example',
    '/%2e%2e//evil.example',
    '/.//evil.example',
    `/${'a'.repeat(1024)}`,
  ])('refuses %j', (input) => {
    expect(sameOriginPath(input, ORIGIN)).toBeNull();
  });

  it('is idempotent: a path it returns is returned unchanged', () => {
    const once = sameOriginPath('/shop/search?q=a b&x=<y>#"z"', ORIGIN)!;
    expect(sameOriginPath(once, ORIGIN)).toBe(once);
  });

  it('ignores the path of the origin it is given', () => {
    expect(sameOriginPath('/shop/', `${ORIGIN}/base/`)).toBe('/shop/');
  });
});

describe('isPlainPath', () => {
  it.each([
    ['/', true],
    ['/shop', true],
    ['//evil', false],
    ['/\\evil', false],
    ['shop', false],
    ['', false],
  ])('%j → %j', (input, expected) => {
    expect(isPlainPath(input)).toBe(expected);
  });
});
