import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { ORDER_STATUSES } from './order.ts';
import type { OrderStatus } from './order.ts';
import {
  DEFAULT_AUTO_COMPLETE_DAYS,
  DEFAULT_PAYMENT_TIMEOUT_MINUTES,
  ORDER_ACTORS,
  ORDER_EVENTS,
  ORDER_TRANSITIONS,
  availableOrderEvents,
  canTransition,
  paymentExpiresAt,
  transition,
} from './state-machine.ts';
import type { OrderActor, OrderEvent, OrderTransitionSubject } from './state-machine.ts';

const NOW = new Date('2026-11-22T07:12:00.000Z');
const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A subject in `status` whose timestamps let every guard pass for `event`. */
function subject(status: OrderStatus, event: OrderEvent): OrderTransitionSubject {
  return {
    status,
    // 'expire' needs an elapsed deadline; 'pay' by a fan needs an open one.
    expiresAt: event === 'expire' ? iso(NOW.getTime() - 1) : iso(NOW.getTime() + 60_000),
    shippedAt: iso(NOW.getTime() - 30 * DAY_MS),
  };
}

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

/** Written out independently of ORDER_TRANSITIONS: the list of allowed moves. */
const ALLOWED: ReadonlyArray<[OrderStatus, OrderEvent, OrderActor, OrderStatus, string]> = [
  ['pending_payment', 'pay', 'fan', 'paid', 'paidAt'],
  ['pending_payment', 'pay', 'system', 'paid', 'paidAt'],
  ['pending_payment', 'cancel', 'fan', 'cancelled', 'cancelledAt'],
  ['pending_payment', 'cancel', 'staff', 'cancelled', 'cancelledAt'],
  ['pending_payment', 'expire', 'system', 'cancelled', 'cancelledAt'],
  ['paid', 'cancel', 'fan', 'cancelled', 'cancelledAt'],
  ['paid', 'ship', 'staff', 'shipped', 'shippedAt'],
  ['paid', 'refund', 'staff', 'refunded', 'refundedAt'],
  ['shipped', 'confirm', 'fan', 'completed', 'completedAt'],
  ['shipped', 'auto_complete', 'system', 'completed', 'completedAt'],
];

describe('ORDER_TRANSITIONS', () => {
  it.each(ALLOWED)('allows %s --%s by %s--> %s', (from, event, actor, to, timestampField) => {
    expect(transition(subject(from, event), event, { actor, now: NOW })).toEqual({
      from,
      to,
      timestampField,
    });
    expect(canTransition(subject(from, event), event, { actor, now: NOW })).toBe(true);
  });

  const refused: Array<[OrderStatus, OrderEvent, OrderActor]> = [];
  for (const status of ORDER_STATUSES) {
    for (const event of ORDER_EVENTS) {
      for (const actor of ORDER_ACTORS) {
        if (!ALLOWED.some(([s, e, a]) => s === status && e === event && a === actor)) {
          refused.push([status, event, actor]);
        }
      }
    }
  }

  it('lists every (status, event, actor) either as allowed or as refused', () => {
    expect(refused.length + ALLOWED.length).toBe(
      ORDER_STATUSES.length * ORDER_EVENTS.length * ORDER_ACTORS.length,
    );
  });

  it.each(refused)('refuses %s --%s by %s with ORDER_STATE_INVALID', (status, event, actor) => {
    const error = thrown(() => transition(subject(status, event), event, { actor, now: NOW }));
    expect(error.code).toBe('ORDER_STATE_INVALID');
    expect(error.details).toMatchObject({ from: status, event, actor });
    expect(error.details.reason).toMatch(/^(not_allowed_from_status|actor_not_allowed)$/);
    expect(canTransition(subject(status, event), event, { actor, now: NOW })).toBe(false);
  });

  it('never leaves a terminal status', () => {
    for (const rule of Object.values(ORDER_TRANSITIONS)) {
      expect(rule.from).not.toContain('completed');
      expect(rule.from).not.toContain('cancelled');
      expect(rule.from).not.toContain('refunded');
    }
  });
});

describe('expire guard', () => {
  const order = (expiresAt: string | Date | null): OrderTransitionSubject => ({
    status: 'pending_payment',
    expiresAt,
    shippedAt: null,
  });

  it('cancels when now equals expiresAt', () => {
    expect(transition(order(NOW.toISOString()), 'expire', { actor: 'system', now: NOW }).to).toBe(
      'cancelled',
    );
  });

  it('accepts a Date as expiresAt', () => {
    expect(canTransition(order(new Date(NOW.getTime() - 1)), 'expire', { actor: 'system', now: NOW })).toBe(
      true,
    );
  });

  it('refuses one millisecond before expiresAt', () => {
    const error = thrown(() =>
      transition(order(iso(NOW.getTime() + 1)), 'expire', { actor: 'system', now: NOW }),
    );
    expect(error.details.reason).toBe('not_expired_yet');
  });

  it('refuses when the order has no expiry', () => {
    const error = thrown(() => transition(order(null), 'expire', { actor: 'system', now: NOW }));
    expect(error.details.reason).toBe('no_expiry');
  });

  it('refuses when expiresAt is not a date', () => {
    expect(canTransition(order('soon'), 'expire', { actor: 'system', now: NOW })).toBe(false);
  });
});

describe('pay guard', () => {
  const order = (expiresAt: string | null): OrderTransitionSubject => ({
    status: 'pending_payment',
    expiresAt,
    shippedAt: null,
  });

  it('lets a fan pay one millisecond before expiresAt', () => {
    expect(canTransition(order(iso(NOW.getTime() + 1)), 'pay', { actor: 'fan', now: NOW })).toBe(true);
  });

  it('refuses a fan paying at expiresAt', () => {
    const error = thrown(() => transition(order(NOW.toISOString()), 'pay', { actor: 'fan', now: NOW }));
    expect(error.details.reason).toBe('payment_window_closed');
  });

  it('accepts a WeChat Pay notification after expiresAt while the order is still unpaid', () => {
    expect(transition(order(iso(NOW.getTime() - DAY_MS)), 'pay', { actor: 'system', now: NOW }).to).toBe(
      'paid',
    );
  });

  it('lets a fan pay an order without expiry', () => {
    expect(canTransition(order(null), 'pay', { actor: 'fan', now: NOW })).toBe(true);
  });
});

describe('auto_complete guard', () => {
  const order = (shippedAt: string | null): OrderTransitionSubject => ({
    status: 'shipped',
    expiresAt: null,
    shippedAt,
  });
  const ctx = { actor: 'system' as const, now: NOW };

  it('completes exactly DEFAULT_AUTO_COMPLETE_DAYS after shipping', () => {
    const shippedAt = iso(NOW.getTime() - DEFAULT_AUTO_COMPLETE_DAYS * DAY_MS);
    expect(transition(order(shippedAt), 'auto_complete', ctx).to).toBe('completed');
  });

  it('refuses one millisecond earlier', () => {
    const shippedAt = iso(NOW.getTime() - DEFAULT_AUTO_COMPLETE_DAYS * DAY_MS + 1);
    expect(thrown(() => transition(order(shippedAt), 'auto_complete', ctx)).details.reason).toBe(
      'too_soon_after_shipping',
    );
  });

  it('uses the configured number of days', () => {
    const shippedAt = iso(NOW.getTime() - 3 * DAY_MS);
    expect(canTransition(order(shippedAt), 'auto_complete', { ...ctx, autoCompleteDays: 3 })).toBe(true);
    expect(canTransition(order(shippedAt), 'auto_complete', { ...ctx, autoCompleteDays: 4 })).toBe(false);
  });

  it('refuses when shippedAt is missing', () => {
    expect(thrown(() => transition(order(null), 'auto_complete', ctx)).details.reason).toBe('no_shipped_at');
  });
});

describe('availableOrderEvents', () => {
  it('offers a fan pay and cancel on an open unpaid order', () => {
    const order = { status: 'pending_payment' as const, expiresAt: iso(NOW.getTime() + 1), shippedAt: null };
    expect(availableOrderEvents(order, { actor: 'fan', now: NOW })).toEqual(['pay', 'cancel']);
  });

  it('offers staff ship and refund on a paid order', () => {
    const order = { status: 'paid' as const, expiresAt: null, shippedAt: null };
    expect(availableOrderEvents(order, { actor: 'staff', now: NOW })).toEqual(['ship', 'refund']);
  });

  it('offers a fan cancel (with a refund) on a paid order', () => {
    const order = { status: 'paid' as const, expiresAt: null, shippedAt: null };
    expect(availableOrderEvents(order, { actor: 'fan', now: NOW })).toEqual(['cancel']);
  });
});

describe('paymentExpiresAt', () => {
  it('adds the default 30 minutes', () => {
    expect(DEFAULT_PAYMENT_TIMEOUT_MINUTES).toBe(30);
    expect(paymentExpiresAt(NOW).toISOString()).toBe('2026-11-22T07:42:00.000Z');
  });

  it('adds a configured timeout', () => {
    expect(paymentExpiresAt(NOW, 5).toISOString()).toBe('2026-11-22T07:17:00.000Z');
  });
});
