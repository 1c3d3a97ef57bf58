/**
 * Notifications through the outbox: queue in the business transaction (queue.ts), send from the worker
 * (worker.ts; started by background.ts, or alone by `npm run worker`). After committing a queued row,
 * `jobs.outbox?.wake()` (from startBackgroundJobs) sends it without waiting for the next poll.
 */
export { balanceKey, queueBalanceChanged, queueOrderShipped, shippedKey } from './queue.ts';
export type { BalanceNotice, ShippedNotice } from './queue.ts';
export { createOutboxWorker } from './worker.ts';
export type { OutboxWorker, OutboxWorkerDeps, OutboxWorkerOptions } from './worker.ts';
export { createNodeFetch, createNotifyClient } from './client.ts';
export { DEFAULT_BACKOFF } from './policy.ts';
export type { BackoffPolicy } from './policy.ts';
