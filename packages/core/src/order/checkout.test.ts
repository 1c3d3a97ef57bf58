import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  PlaceOrderInputSchema,
  QuantitySchema,
  ShipOrderInputSchema,
  IdempotencyKeySchema,
  canonicalOrderRequest,
  describeGoods,
  mergeOrderLines,
  orderNumber,
} from './checkout.ts';

const address = { name: '王小明', phone: '13800138000', detail: '上海市徐汇区漕溪北路 88 号' };

describe('QuantitySchema', () => {
  it.each([1, 2, 99])('accepts %s', (q) => expect(QuantitySchema.parse(q)).toBe(q));
  it.each([0, -1, -2147483648, 2 ** 53 + 1, 1.5, '1', '2', '1e3', NaN, Infinity, null, [], {}, 100, 1e9])(
    'rejects %j',
    (q) => expect(QuantitySchema.safeParse(q).success).toBe(false),
  );
});

describe('PlaceOrderInputSchema', () => {
  it('strips prices, totals and statuses from the body', () => {
    const parsed = PlaceOrderInputSchema.parse({
      items: [{ skuId: 3, quantity: 1, priceFen: 1, price: 0.01 }],
      address,
      totalFen: 1,
      status: 'paid',
    });
    expect(parsed).toEqual({
      items: [{ skuId: 3, quantity: 1 }],
      address: { ...address, province: '', city: '', district: '' },
      note: '',
    });
  });

  it('names the field of a bad line', () => {
    const result = PlaceOrderInputSchema.safeParse({ items: [{ skuId: 3, quantity: 0 }], address });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['items', 0, 'quantity']);
  });

  it.each([
    [{ ...address, phone: '12345' }, 'phone'],
    [{ ...address, name: '' }, 'name'],
    [{ ...address, detail: '' }, 'detail'],
  ])('refuses a bad address %#', (bad, field) => {
    const result = PlaceOrderInputSchema.safeParse({ items: [{ skuId: 1, quantity: 1 }], address: bad });
    expect(result.error!.issues[0]!.path).toEqual(['address', field]);
  });

  it('refuses an empty basket', () => {
    expect(PlaceOrderInputSchema.safeParse({ items: [], address }).success).toBe(false);
  });
});

describe('mergeOrderLines', () => {
  it('sums lines of one SKU and sorts by SKU id', () => {
    expect(
      mergeOrderLines([
        { skuId: 9, quantity: 2 },
        { skuId: 3, quantity: 1 },
        { skuId: 9, quantity: 3 },
      ]),
    ).toEqual([
      { skuId: 3, quantity: 1 },
      { skuId: 9, quantity: 5 },
    ]);
  });

  it('refuses a summed line over the per-line limit, naming the first line', () => {
    try {
      mergeOrderLines([
        { skuId: 1, quantity: 1 },
        { skuId: 9, quantity: 60 },
        { skuId: 9, quantity: 40 },
      ]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.errors![0]!.path).toBe('items.1.quantity');
    }
  });
});

describe('canonicalOrderRequest', () => {
  const input = PlaceOrderInputSchema.parse({
    items: [
      { skuId: 2, quantity: 1 },
      { skuId: 1, quantity: 2 },
    ],
    address,
  });

  it('is the same for the same basket written differently', () => {
    const reordered = PlaceOrderInputSchema.parse({
      items: [
        { skuId: 1, quantity: 1 },
        { skuId: 2, quantity: 1 },
        { skuId: 1, quantity: 1 },
      ],
      address,
    });
    expect(canonicalOrderRequest(reordered)).toBe(canonicalOrderRequest(input));
  });

  it('differs when a quantity, the address or the note differs', () => {
    const base = canonicalOrderRequest(input);
    expect(canonicalOrderRequest({ ...input, note: '请尽快发货' })).not.toBe(base);
    expect(canonicalOrderRequest({ ...input, address: { ...input.address, detail: '别处 1 号' } })).not.toBe(
      base,
    );
    expect(canonicalOrderRequest({ ...input, items: [{ skuId: 2, quantity: 2 }] })).not.toBe(base);
  });
});

describe('orderNumber', () => {
  const at = new Date('2026-11-22T16:30:00.000Z'); // 00:30 on the 23rd in Shanghai

  it('starts with the Shanghai day and has 16 digits', () => {
    expect(orderNumber(1, at)).toMatch(/^261123\d{10}$/);
  });

  it('is unique and not sequential for consecutive ids', () => {
    const numbers = Array.from({ length: 10_000 }, (_, i) => orderNumber(i + 1, at));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Number(numbers[1]) - Number(numbers[0])).not.toBe(1);
  });

  it('refuses ids it cannot encode', () => {
    expect(() => orderNumber(0, at)).toThrow(RangeError);
    expect(() => orderNumber(10 ** 10, at)).toThrow(RangeError);
  });
});

describe('ShipOrderInputSchema', () => {
  it('accepts a carrier and a tracking number', () => {
    expect(ShipOrderInputSchema.parse({ carrier: '顺丰速运', trackingNo: ' SF1234567890 ' })).toEqual({
      carrier: '顺丰速运',
      trackingNo: 'SF1234567890',
    });
  });

  it.each(['', 'SF 123', 'x'.repeat(33), '<script>'])('refuses tracking number %j', (trackingNo) => {
    expect(ShipOrderInputSchema.safeParse({ carrier: '顺丰', trackingNo }).success).toBe(false);
  });
});

describe('IdempotencyKeySchema', () => {
  it.each(['a', '0b9c1d7e-1f2a-4c3b-9d8e-7f6a5b4c3d2e'])('accepts %j', (key) =>
    expect(IdempotencyKeySchema.safeParse(key).success).toBe(true),
  );
  it.each(['', ' ', 'k'.repeat(65), 'é', 'a b'])('refuses %j', (key) =>
    expect(IdempotencyKeySchema.safeParse(key).success).toBe(false),
  );
});

describe('describeGoods', () => {
  it('lists titles and quantities', () => {
    expect(
      describeGoods([
        { title: '碎花连衣裙', quantity: 2 },
        { title: '口红', quantity: 1 },
      ]),
    ).toBe('碎花连衣裙 ×2，口红 ×1');
  });
});
