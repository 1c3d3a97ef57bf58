/**
 * What the outbox worker does with the result of one send (docs/wechat.md#template-errors): pure, so
 * every branch is tested without a network.
 *
 * - Retryable (network errors, HTTP 5xx, timeouts, non-JSON answers, -1 busy, token still rejected after
 *   the client's one refresh): back to pending after an exponential backoff with jitter, then sent again
 *   with the same client_msg_id (the outbox key), so WeChat delivers it once when the first try did get
 *   through. After `maxAttempts` the message is failed.
 * - Permanent (43004 not subscribed, 40003 bad openid, 47003 bad data, 40037 bad template …): failed at
 *   once; 43004 also marks the fan unsubscribed.
 * - Quota (45009 daily; 45011 per minute; 45066): the message stays pending without spending an attempt,
 *   and the worker stops sending templates until the quota resets (the next Beijing midnight for 45009,
 *   the next minute otherwise).
 *
 * Past WeChat's 10-minute client_msg_id window a retry after an unknown outcome may deliver twice; we
 * choose to resend (at least once) rather than give up on a message that may never have arrived.
 */
import { TokenWaitTimeoutError, WeChatApiError, WeChatNetworkError } from '@weshop/wechat';

export interface BackoffPolicy {
  /** Delay before the second attempt; doubled for each later one. */
  baseMs: number;
  /** Longest delay between two attempts. */
  maxMs: number;
  /** After this many attempts a retryable error fails the message. */
  maxAttempts: number;
}

/** 15 s, 30 s, 1 min, 2 min, 4 min, 8 min (≈ 15 min for the first six attempts), … capped at 1 h. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 15_000, maxMs: 3_600_000, maxAttempts: 10 };

/** "Equal jitter": half the exponential delay, plus up to as much again at random (no thundering herd). */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** WeChat's daily quotas reset at midnight in Beijing (UTC+8, no DST). */
export function nextBeijingMidnight(nowMs: number): number {
  return (Math.floor((nowMs + SHANGHAI_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - SHANGHAI_OFFSET_MS;
}

export function nextMinute(nowMs: number): number {
  return (Math.floor(nowMs / 60_000) + 1) * 60_000;
}

export type SendDecision =
  | { outcome: 'failed'; errcode: number | null; error: string; unsubscribed: boolean }
  | { outcome: 'retry'; errcode: number | null; error: string; retryAtMs: number; tokenRejected: boolean }
  | { outcome: 'paused'; errcode: number; error: string; resumeAtMs: number };

/** Decides the fate of attempt number `attempt` (1-based) that threw `error`. */
export function decideAfterError(
  error: unknown,
  attempt: number,
  nowMs: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): SendDecision {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof WeChatApiError && error.kind === 'permanent') {
    return {
      outcome: 'failed',
      errcode: error.errcode,
      error: message,
      unsubscribed: error.errcode === 43004,
    };
  }
  if (error instanceof WeChatApiError && error.kind === 'quota') {
    const resumeAtMs = error.errcode === 45009 ? nextBeijingMidnight(nowMs) : nextMinute(nowMs);
    return { outcome: 'paused', errcode: error.errcode, error: message, resumeAtMs };
  }
  const errcode = error instanceof WeChatApiError ? error.errcode : null;
  if (attempt >= policy.maxAttempts) {
    return {
      outcome: 'failed',
      errcode,
      error: `gave up after ${attempt} attempts: ${message}`,
      unsubscribed: false,
    };
  }
  return {
    outcome: 'retry',
    errcode,
    error: describe(error, message),
    retryAtMs: nowMs + retryDelayMs(attempt, policy, random),
    tokenRejected: error instanceof WeChatApiError && error.kind === 'token',
  };
}

/** Network errors say whether the request may have been acted upon; the log should too. */
function describe(error: unknown, message: string): string {
  if (error instanceof WeChatNetworkError) {
    return `${message}${error.outcomeUnknown ? ' (outcome unknown)' : ' (not sent)'}`;
  }
  if (error instanceof TokenWaitTimeoutError) return `${message} (not sent)`;
  return message;
}
