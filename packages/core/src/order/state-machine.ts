import { DomainError } from '../errors.ts';
import type { OrderStatus } from './order.ts';

/**
 * The order life cycle as one table (vendure / medusa style):
 *
 *   pending_payment ─pay→ paid ─ship→ shipped ─confirm | auto_complete→ completed
 *   pending_payment ─cancel | expire→ cancelled
 *   paid ─cancel (fan, before shipping)→ cancelled (the amount goes back to the balance)
 *   paid ─refund→ refunded (the amount goes back to the fan's balance; the service does that)
 *
 * Anything not in the table, a wrong actor or a failed guard is `ORDER_STATE_INVALID` (409) with
 * `{ from, event, actor, reason }` as data. Pure: the caller passes `now` and the settings.
 */

/** Minutes an unpaid order is kept before the `expire` job cancels it (configurable in settings). */
export const DEFAULT_PAYMENT_TIMEOUT_MINUTES = 30;
/** Days after shipping when a shipped order completes by itself (configurable in settings). */
export const DEFAULT_AUTO_COMPLETE_DAYS = 10;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export const ORDER_EVENTS = [
  'pay',
  'cancel',
  'expire',
  'ship',
  'confirm',
  'auto_complete',
  'refund',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];

export const ORDER_ACTORS = ['fan', 'staff', 'system'] as const;
export type OrderActor = (typeof ORDER_ACTORS)[number];

/** The column stamped when an order enters a status. */
export type OrderTimestampField = 'paidAt' | 'shippedAt' | 'completedAt' | 'cancelledAt' | 'refundedAt';

/** What the machine needs to know about an order. Timestamps as stored (ISO strings) or Dates. */
export interface OrderTransitionSubject {
  status: OrderStatus;
  expiresAt: string | Date | null;
  shippedAt: string | Date | null;
}

export interface OrderTransitionContext {
  actor: OrderActor;
  now: Date;
  /** Defaults to DEFAULT_AUTO_COMPLETE_DAYS. */
  autoCompleteDays?: number;
}

/** Returns null when the transition may happen, else a snake_case reason (part of the error data). */
export type OrderTransitionGuard = (
  order: OrderTransitionSubject,
  context: OrderTransitionContext,
) => string | null;

export interface OrderTransitionRule {
  from: readonly OrderStatus[];
  to: OrderStatus;
  actors: readonly OrderActor[];
  guard?: OrderTransitionGuard;
}

export interface OrderTransitionResult {
  from: OrderStatus;
  to: OrderStatus;
  timestampField: OrderTimestampField;
}

function toTime(value: string | Date | null): number | null {
  if (value === null) return null;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

function isExpired(order: OrderTransitionSubject, now: Date): boolean {
  const expiresAt = toTime(order.expiresAt);
  return expiresAt !== null && now.getTime() >= expiresAt;
}

export const ORDER_TRANSITIONS: Readonly<Record<OrderEvent, OrderTransitionRule>> = {
  // A fan pays with balance; `system` is the WeChat Pay notification. A fan cannot start paying once
  // the window has closed; a payment WeChat already took is still accepted while the order is unpaid.
  pay: {
    from: ['pending_payment'],
    to: 'paid',
    actors: ['fan', 'system'],
    guard: (order, { actor, now }) =>
      actor === 'fan' && isExpired(order, now) ? 'payment_window_closed' : null,
  },
  // Fans and staff cancel an unpaid order. A fan may also cancel a paid order that has not shipped
  // (the public contract: "balance refunded if paid"); staff refund a paid order instead.
  cancel: {
    from: ['pending_payment', 'paid'],
    to: 'cancelled',
    actors: ['fan', 'staff'],
    guard: (order, { actor }) => (order.status === 'paid' && actor !== 'fan' ? 'actor_not_allowed' : null),
  },
  expire: {
    from: ['pending_payment'],
    to: 'cancelled',
    actors: ['system'],
    guard: (order, { now }) => {
      if (toTime(order.expiresAt) === null) return 'no_expiry';
      return isExpired(order, now) ? null : 'not_expired_yet';
    },
  },
  ship: { from: ['paid'], to: 'shipped', actors: ['staff'] },
  confirm: { from: ['shipped'], to: 'completed', actors: ['fan'] },
  auto_complete: {
    from: ['shipped'],
    to: 'completed',
    actors: ['system'],
    guard: (order, { now, autoCompleteDays = DEFAULT_AUTO_COMPLETE_DAYS }) => {
      const shippedAt = toTime(order.shippedAt);
      if (shippedAt === null) return 'no_shipped_at';
      return now.getTime() - shippedAt >= autoCompleteDays * DAY_MS ? null : 'too_soon_after_shipping';
    },
  },
  refund: { from: ['paid'], to: 'refunded', actors: ['staff'] },
};

const TIMESTAMP_FIELDS: Readonly<Record<OrderStatus, OrderTimestampField | null>> = {
  pending_payment: null,
  paid: 'paidAt',
  shipped: 'shippedAt',
  completed: 'completedAt',
  cancelled: 'cancelledAt',
  refunded: 'refundedAt',
};

/** Why `event` may not happen now, or null when it may. */
function refusal(
  order: OrderTransitionSubject,
  event: OrderEvent,
  context: OrderTransitionContext,
): string | null {
  const rule = ORDER_TRANSITIONS[event];
  if (!rule.from.includes(order.status)) return 'not_allowed_from_status';
  if (!rule.actors.includes(context.actor)) return 'actor_not_allowed';
  return rule.guard?.(order, context) ?? null;
}

/**
 * The status `event` leads to and the timestamp column to set; throws
 * `DomainError('ORDER_STATE_INVALID', { from, event, actor, reason })` when it is not allowed.
 */
export function transition(
  order: OrderTransitionSubject,
  event: OrderEvent,
  context: OrderTransitionContext,
): OrderTransitionResult {
  const reason = refusal(order, event, context);
  const to = ORDER_TRANSITIONS[event].to;
  const timestampField = TIMESTAMP_FIELDS[to];
  if (reason !== null || timestampField === null) {
    throw new DomainError('ORDER_STATE_INVALID', {
      from: order.status,
      event,
      actor: context.actor,
      reason: reason ?? 'no_timestamp_field',
    });
  }
  return { from: order.status, to, timestampField };
}

export function canTransition(
  order: OrderTransitionSubject,
  event: OrderEvent,
  context: OrderTransitionContext,
): boolean {
  return refusal(order, event, context) === null;
}

/** The events `actor` may fire on the order now (drives which buttons the UIs show). */
export function availableOrderEvents(
  order: OrderTransitionSubject,
  context: OrderTransitionContext,
): OrderEvent[] {
  return ORDER_EVENTS.filter((event) => canTransition(order, event, context));
}

/** When an order created at `createdAt` stops waiting for payment. */
export function paymentExpiresAt(createdAt: Date, timeoutMinutes = DEFAULT_PAYMENT_TIMEOUT_MINUTES): Date {
  return new Date(createdAt.getTime() + timeoutMinutes * MINUTE_MS);
}
