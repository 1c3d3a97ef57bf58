import { describe, expect, it } from 'vitest';
import { ProductInputSchema, deriveSpecOptions, priceRange, specKey, specLabel } from './catalog.ts';

describe('ProductInputSchema', () => {
  const base = { title: '法式碎花连衣裙', skus: [{ spec: { 颜色: '红' }, priceFen: 19900, stock: 5 }] };

  it('fills defaults', () => {
    const parsed = ProductInputSchema.parse(base);
    expect(parsed).toMatchObject({ subtitle: '', description: '', tags: [], images: [], onShelf: true });
  });

  it('rejects a product without SKUs', () => {
    expect(ProductInputSchema.safeParse({ ...base, skus: [] }).success).toBe(false);
  });

  it('rejects two SKUs with the same spec and names the second one', () => {
    const result = ProductInputSchema.safeParse({ ...base, skus: [base.skus[0], base.skus[0]] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['skus', 1, 'spec']);
  });

  it('rejects a fractional price and negative stock', () => {
    const result = ProductInputSchema.safeParse({ ...base, skus: [{ spec: {}, priceFen: 19.9, stock: -1 }] });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'skus.0.priceFen',
      'skus.0.stock',
    ]);
  });

  it('rejects javascript: and http image URLs', () => {
    expect(ProductInputSchema.safeParse({ ...base, images: ['javascript:alert(1)'] }).success).toBe(false);
    expect(ProductInputSchema.safeParse({ ...base, images: ['http://x.test/a.jpg'] }).success).toBe(false);
    expect(
      ProductInputSchema.safeParse({ ...base, images: ['/uploads/a.jpg', 'https://x.test/a.jpg'] }).success,
    ).toBe(true);
  });

  it('trims the title and refuses control characters', () => {
    expect(ProductInputSchema.parse({ ...base, title: '  口红  ' }).title).toBe('口红');
    expect(ProductInputSchema.safeParse({ ...base, title: 'a\u0000b' }).success).toBe(false);
  });
});

describe('spec helpers', () => {
  const skus = [
    { spec: { 颜色: '黑', 尺码: 'S' }, priceFen: 100 },
    { spec: { 颜色: '黑', 尺码: 'M' }, priceFen: 120 },
    { spec: { 颜色: '白', 尺码: 'S' }, priceFen: 90 },
  ];

  it('derives the options in first-mention order', () => {
    expect(deriveSpecOptions(skus)).toEqual([
      { name: '颜色', values: ['黑', '白'] },
      { name: '尺码', values: ['S', 'M'] },
    ]);
  });

  it('labels and keys specs', () => {
    expect(specLabel({ 颜色: '黑', 尺码: 'S' })).toBe('黑 / S');
    expect(specKey({ a: '1' })).not.toBe(specKey({ a: '2' }));
  });

  it('computes the price range', () => {
    expect(priceRange(skus)).toEqual({ min: 90, max: 120 });
    expect(priceRange([])).toEqual({ min: 0, max: 0 });
  });
});
