import { describe, expect, it } from 'vitest';
import { afterFailure, lockedForSeconds } from './throttle.ts';

const policy = { maxFailures: 3, windowMs: 60_000, lockMs: 120_000 };
const t0 = new Date('2026-11-22T00:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('login throttle', () => {
  it('locks a key after maxFailures within the window', () => {
    let state = afterFailure(undefined, policy, t0);
    state = afterFailure(state, policy, at(1000));
    expect(lockedForSeconds(state, at(1000))).toBe(0);
    state = afterFailure(state, policy, at(2000));
    expect(lockedForSeconds(state, at(2000))).toBe(120);
    expect(lockedForSeconds(state, at(2000 + 120_000))).toBe(0);
  });

  it('starts a new window when the old one has passed', () => {
    let state = afterFailure(undefined, policy, t0);
    state = afterFailure(state, policy, at(1000));
    state = afterFailure(state, policy, at(61_001 + 1000));
    expect(state.failures).toBe(1);
    expect(state.lockedUntil).toBeNull();
  });
});
