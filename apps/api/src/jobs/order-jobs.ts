/**
 * The order clock: cancels unpaid orders whose payment window closed (releasing their stock) and
 * completes orders shipped long enough ago. Runs on a timer in every API process; several processes
 * at once are safe because each order moves by a conditional UPDATE that only one of them can win.
 */
import type { AppDeps } from '../deps.ts';
import { autoCompleteOrders, expireUnpaidOrders } from '../services/orders.ts';

/** How often the jobs look for work. An order is cancelled at most this long after its deadline. */
export const ORDER_JOB_INTERVAL_MS = 30_000;

export interface OrderJobs {
  start(): void;
  /** One pass of both jobs; resolves with what moved. */
  runOnce(): Promise<{ expired: number; completed: number }>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

export function createOrderJobs(
  deps: Pick<AppDeps, 'db' | 'config' | 'now' | 'logger' | 'outboxBell'>,
  intervalMs = ORDER_JOB_INTERVAL_MS,
): OrderJobs {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  async function runOnce() {
    const expired = await expireUnpaidOrders(deps);
    const completed = await autoCompleteOrders(deps);
    if (expired + completed > 0) deps.logger.info({ expired, completed }, 'order jobs');
    return { expired, completed };
  }

  function tick() {
    running = runOnce()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'order jobs failed'))
      .finally(() => {
        if (timer) timer = setTimeout(tick, intervalMs).unref();
      });
  }

  return {
    start() {
      if (timer) return;
      timer = setTimeout(tick, 0).unref();
    },
    runOnce,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
