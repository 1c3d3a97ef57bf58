/**
 * Jobs that run beside the HTTP server in the same process: the order clock (expiry, auto-complete),
 * the logs' retention and the outbox worker (unless OUTBOX_WORKER=off,
 * when `npm run worker` runs it in a process of its own). main.ts starts them after the server and stops
 * them before closing the database.
 */
import type { AppDeps } from './deps.ts';
import { createLogRetention } from './jobs/log-retention.ts';
import type { LogRetention } from './jobs/log-retention.ts';
import { createOrderJobs } from './jobs/order-jobs.ts';
import type { OrderJobs } from './jobs/order-jobs.ts';
import { createNotifyClient } from './notify/client.ts';
import { createOutboxWorker } from './notify/worker.ts';
import type { OutboxWorker } from './notify/worker.ts';

export interface BackgroundJobs {
  /** The in-process outbox worker, or null when another process sends. */
  outbox: OutboxWorker | null;
  /** Unpaid-order expiry and auto-completion. */
  orders: OrderJobs;
  /** Deletes the message log's and the search log's old rows. */
  logRetention: LogRetention;
  /** Stops every job; in-flight work finishes first. */
  stop(): Promise<void>;
}

export function startBackgroundJobs(deps: AppDeps): BackgroundJobs {
  const outbox =
    deps.config.outbox.worker === 'inline'
      ? createOutboxWorker({
          ...deps,
          wechat: { client: createNotifyClient(deps.config.wechat, deps.db, deps.now) },
        })
      : null;
  outbox?.start();
  if (outbox) deps.outboxBell.listen(() => outbox.wake());
  const orders = createOrderJobs(deps);
  orders.start();
  const logRetention = createLogRetention(deps);
  logRetention.start();
  return {
    outbox,
    orders,
    logRetention,
    async stop() {
      await Promise.all([outbox?.stop(), orders.stop(), logRetention.stop()]);
    },
  };
}
