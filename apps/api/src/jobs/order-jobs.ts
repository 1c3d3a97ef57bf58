/**
 * The order clock: cancels unpaid orders whose payment window closed (releasing their stock) and
 * completes orders shipped long enough ago. Runs on a timer in every API process; several processes
 * at once are safe because each order moves by a conditional UPDATE that only one of them can win.
 */
import type { AppDeps } from '../deps.ts';
import { autoCompleteOrders, expireUnpaidOrders } from '../services/orders.ts';
import { createPeriodicJob } from './periodic.ts';
import type { PeriodicJob } from './periodic.ts';

/** How often the jobs look for work. An order is cancelled at most this long after its deadline. */
export const ORDER_JOB_INTERVAL_MS = 30_000;

export type OrderJobs = PeriodicJob<{ expired: number; completed: number }>;

export function createOrderJobs(
  deps: Pick<AppDeps, 'db' | 'config' | 'now' | 'logger' | 'outboxBell'>,
  intervalMs = ORDER_JOB_INTERVAL_MS,
): OrderJobs {
  return createPeriodicJob({
    name: 'order jobs',
    intervalMs,
    logger: deps.logger,
    async runOnce() {
      const expired = await expireUnpaidOrders(deps);
      const completed = await autoCompleteOrders(deps);
      if (expired + completed > 0) deps.logger.info({ expired, completed }, 'order jobs');
      return { expired, completed };
    },
  });
}
