import { TokenWaitTimeoutError, WeChatApiError, WeChatNetworkError } from '@weshop/wechat';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BACKOFF,
  decideAfterError,
  nextBeijingMidnight,
  nextMinute,
  retryDelayMs,
} from './policy.ts';

const NOW = Date.parse('2026-11-22T15:59:30.000Z'); // 23:59:30 in Beijing
const api = (errcode: number) => new WeChatApiError(errcode, 'x', '/cgi-bin/message/template/send');

describe('outbox retry policy', () => {
  it('finds the next Beijing midnight and the next minute', () => {
    expect(new Date(nextBeijingMidnight(NOW)).toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(new Date(nextBeijingMidnight(NOW + 31_000)).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(new Date(nextMinute(NOW)).toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });

  it('backs off exponentially with jitter between half and all of the delay, capped', () => {
    const policy = { baseMs: 1000, maxMs: 5000, maxAttempts: 10 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, () => 0))).toEqual([
      500, 1000, 2000, 2500, 2500,
    ]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy, () => 1))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    // The default schedule spends about a quarter of an hour on the first six attempts.
    const total = [1, 2, 3, 4, 5].reduce((sum, n) => sum + retryDelayMs(n, DEFAULT_BACKOFF, () => 1), 0);
    expect(total).toBe(465_000);
  });

  it.each([43004, 40003, 47003, 40037])('fails %i at once', (errcode) => {
    const decision = decideAfterError(api(errcode), 1, NOW);
    expect(decision).toMatchObject({ outcome: 'failed', errcode, unsubscribed: errcode === 43004 });
  });

  it('pauses on quotas: 45009 until Beijing midnight, 45011 until the next minute', () => {
    expect(decideAfterError(api(45009), 3, NOW)).toMatchObject({
      outcome: 'paused',
      resumeAtMs: Date.parse('2026-11-22T16:00:00.000Z'),
    });
    expect(decideAfterError(api(45011), 3, NOW + 40_000)).toMatchObject({
      outcome: 'paused',
      resumeAtMs: Date.parse('2026-11-22T16:01:00.000Z'),
    });
  });

  it.each([
    ['a network error', new WeChatNetworkError('HTTP 502', '/x', { outcomeUnknown: true })],
    ['busy (-1)', api(-1)],
    ['a token rejected after the refresh', api(40001)],
    ['a token wait timeout', new TokenWaitTimeoutError('access_token', 8000)],
    ['an unexpected error', new Error('socket hang up')],
  ])('retries %s until the last attempt', (_, error) => {
    expect(decideAfterError(error, 1, NOW, DEFAULT_BACKOFF, () => 0)).toMatchObject({
      outcome: 'retry',
      retryAtMs: NOW + 7_500,
    });
    expect(decideAfterError(error, DEFAULT_BACKOFF.maxAttempts, NOW)).toMatchObject({ outcome: 'failed' });
  });

  it('says when an unknown outcome is retried, and flags a token rejected twice', () => {
    const unknown = decideAfterError(
      new WeChatNetworkError('timed out', '/x', { outcomeUnknown: true }),
      1,
      NOW,
    );
    expect(unknown).toMatchObject({ error: expect.stringContaining('outcome unknown') });
    expect(decideAfterError(api(40001), 1, NOW)).toMatchObject({ tokenRejected: true, errcode: 40001 });
  });
});
