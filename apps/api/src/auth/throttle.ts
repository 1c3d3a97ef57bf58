/**
 * Login throttling policy (pure): failures are counted per key (`user:<name>`, `ip:<address>`) in a
 * window; reaching the key's limit locks it for a while. State lives in the database so every API
 * instance sees the same counts.
 */
export interface ThrottleState {
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const USER_THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const IP_THROTTLE: ThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Seconds until the key may try again, or 0 when it is not locked. */
export function lockedForSeconds(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  const remaining = Date.parse(state.lockedUntil) - now.getTime();
  return remaining > 0 ? Math.ceil(remaining / 1000) : 0;
}

export function afterFailure(
  state: ThrottleState | undefined,
  policy: ThrottlePolicy,
  now: Date,
): ThrottleState {
  const windowExpired = !state || now.getTime() - Date.parse(state.windowStartedAt) > policy.windowMs;
  const failures = windowExpired ? 1 : state.failures + 1;
  const windowStartedAt = windowExpired ? now.toISOString() : state.windowStartedAt;
  const lockedUntil =
    failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs).toISOString() : null;
  return {
    failures: lockedUntil ? 0 : failures,
    windowStartedAt: lockedUntil ? now.toISOString() : windowStartedAt,
    lockedUntil,
  };
}
