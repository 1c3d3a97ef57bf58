/**
 * Login throttling policy (pure). Nothing is ever locked: an attacker is slowed, the owner is not
 * locked out.
 *
 * - Per (account, address) and per address: after a few free failures in a row, each next attempt
 *   must wait 1, 2, 4 … s after the last failure, capped at 15 minutes; earlier it is refused
 *   unchecked (429 RATE_LIMITED with Retry-After). A success from there, or an hour, clears the run.
 * - Per account, from every address: only a short pause before the password is checked (at most 1 s),
 *   the same whether the password is right or the account exists, so the right password from a clean
 *   address always gets in, while a botnet spread over many addresses still pays for every guess.
 *
 * The failures live in the database (`login_attempts`), so every instance counts the same ones.
 */
import { isIPv4, isIPv6 } from 'node:net';

export interface FailureRun {
  failures: number;
  lastFailureAt: string | null;
}

export interface DelayPolicy {
  /** Failures in a row that cost nothing. */
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Failures older than this are forgotten. */
export const FAILURE_WINDOW_MS = 60 * 60_000;

export const ACCOUNT_ADDRESS_POLICY: DelayPolicy = {
  freeFailures: 3,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
};

/** One address trying many accounts. */
export const ADDRESS_POLICY: DelayPolicy = { freeFailures: 10, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 };

/** The account-wide pause: from this many failures on, growing per failure, up to the maximum. */
export const ACCOUNT_SLOWDOWN = { fromFailures: 10, stepMs: 50, maxMs: 1000 } as const;

/** How long after the last failure the next attempt must come, given the failures so far. */
export function delayAfterFailures(failures: number, policy: DelayPolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.baseDelayMs * 2 ** doublings, policy.maxDelayMs);
}

/** Seconds until an attempt is allowed (0: now). */
export function waitSeconds(run: FailureRun, policy: DelayPolicy, now: Date): number {
  if (!run.lastFailureAt) return 0;
  const allowedAt = Date.parse(run.lastFailureAt) + delayAfterFailures(run.failures, policy);
  const remaining = allowedAt - now.getTime();
  return remaining > 0 ? Math.ceil(remaining / 1000) : 0;
}

/** The pause before checking a password of an account with this many recent failures. */
export function accountSlowdownMs(failures: number): number {
  const over = failures - ACCOUNT_SLOWDOWN.fromFailures + 1;
  return over > 0 ? Math.min(over * ACCOUNT_SLOWDOWN.stepMs, ACCOUNT_SLOWDOWN.maxMs) : 0;
}

/**
 * The address a throttle counts: IPv4 as is (also when IPv4-mapped), IPv6 by its /64, which one
 * subscriber usually holds whole (otherwise every address of it would be a fresh start).
 */
export function throttleAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
