import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { ListQuerySchema, decodeCursor, encodeCursor, toPage } from './pagination.ts';

describe('ListQuerySchema', () => {
  it('defaults limit to 20', () => {
    expect(ListQuerySchema.parse({})).toEqual({ limit: 20 });
  });

  it.each(['1', '50', '20'])('accepts limit=%s', (limit) => {
    expect(ListQuerySchema.parse({ limit }).limit).toBe(Number(limit));
  });

  it.each(['0', '-5', '51', '1000', '1e3', ' 5', 'abc', '', '1.5'])('rejects limit=%j', (limit) => {
    expect(ListQuerySchema.safeParse({ limit }).success).toBe(false);
  });
});

describe('cursor', () => {
  const shape = [z.int().positive()] as const;

  it('round-trips a key', () => {
    expect(decodeCursor(encodeCursor([42]), shape)).toEqual([42]);
  });

  it('round-trips a compound key', () => {
    const compound = [z.number(), z.int()] as const;
    expect(decodeCursor(encodeCursor([0.5, 7]), compound)).toEqual([0.5, 7]);
  });

  it.each(['garbage!', 'Z2FyYmFnZQ', encodeCursor(['x']), encodeCursor([-1]), encodeCursor([1, 2]), '%%%'])(
    'rejects %j with VALIDATION_FAILED on cursor',
    (cursor) => {
      try {
        decodeCursor(cursor, shape);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).details.errors).toEqual([
          { path: 'cursor', message: 'invalid cursor' },
        ]);
      }
    },
  );
});

describe('toPage', () => {
  it('returns a cursor only when an extra row was fetched', () => {
    const rows = [{ id: 3 }, { id: 2 }, { id: 1 }];
    const page = toPage(rows, 2, (r) => [r.id]);
    expect(page.items).toEqual([{ id: 3 }, { id: 2 }]);
    expect(decodeCursor(page.nextCursor!, [z.int()])).toEqual([2]);
    expect(toPage(rows, 3, (r) => [r.id]).nextCursor).toBeNull();
  });
});
