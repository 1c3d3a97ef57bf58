import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ADDRESS_POLICY,
  accountSlowdownMs,
  delayAfterFailures,
  throttleAddress,
  waitSeconds,
} from './throttle.ts';

const t0 = new Date('2026-11-22T00:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('login throttle policy', () => {
  it('lets a few failures pass, then doubles the wait from 1 s up to 15 minutes', () => {
    const delays = Array.from({ length: 16 }, (_, failures) =>
      delayAfterFailures(failures, ACCOUNT_ADDRESS_POLICY),
    );
    expect(delays.slice(0, 8)).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 16_000]);
    expect(delays.at(-1)).toBe(15 * 60_000);
    expect(delayAfterFailures(10_000, ACCOUNT_ADDRESS_POLICY)).toBe(15 * 60_000);
  });

  it('counts the wait from the last failure', () => {
    const run = { failures: 5, lastFailureAt: t0.toISOString() };
    expect(waitSeconds(run, ACCOUNT_ADDRESS_POLICY, at(0))).toBe(4);
    expect(waitSeconds(run, ACCOUNT_ADDRESS_POLICY, at(3500))).toBe(1);
    expect(waitSeconds(run, ACCOUNT_ADDRESS_POLICY, at(4000))).toBe(0);
    expect(waitSeconds({ failures: 0, lastFailureAt: null }, ACCOUNT_ADDRESS_POLICY, at(0))).toBe(0);
  });

  it('slows an attacked account only gently, never past a second', () => {
    expect(accountSlowdownMs(9)).toBe(0);
    expect(accountSlowdownMs(10)).toBe(50);
    expect(accountSlowdownMs(1_000_000)).toBe(1000);
  });

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['local', 'local'],
  ])('counts %s as %s', (address, key) => {
    expect(throttleAddress(address)).toBe(key);
  });
});
