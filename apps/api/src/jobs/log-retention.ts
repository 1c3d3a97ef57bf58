/**
 * Keeps the append-only logs from growing without bound: the webhook's message log (one row per
 * message a fan sends, reply included), the search log (one row per search), the webhook's stamps
 * and the staff login attempts. De-duplication needs the message log for minutes (WeChat retries
 * within 15 s); staff read the search log over at most 90 days (admin search stats) and the login
 * attempts over 90 days; the webhook's stamps (replay-guard.ts) matter while a timestamp is fresh
 * (±300 s) and go after STAMP_KEEP_MS. Older rows are deleted every hour, in small batches with
 * the event loop free between them, by every API process: deleting is idempotent, so several
 * processes at once only repeat each other's work.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { deleteLogRowsBefore } from '@weshop/db';
import type { LogTable } from '@weshop/db';
import type { AppDeps } from '../deps.ts';
import { createPeriodicJob } from './periodic.ts';
import type { PeriodicJob } from './periodic.ts';

export const LOG_RETENTION_INTERVAL_MS = 60 * 60_000;
/** Rows per DELETE: a few milliseconds of work each on SQLite. */
const BATCH = 2_000;
const DAY_MS = 24 * 60 * 60_000;
/** Twice the timestamp window of POST /wechat (±300 s). */
const STAMP_KEEP_MS = 10 * 60_000;
/** Staff login attempts: the throttle needs an hour, staff look back over weeks (auth/throttle.ts). */
export const LOGIN_ATTEMPT_DAYS = 90;

export type LogRetention = PeriodicJob<Record<LogTable, number>>;

export function createLogRetention(
  deps: Pick<AppDeps, 'db' | 'config' | 'now' | 'logger'>,
  options: { intervalMs?: number; batch?: number } = {},
): LogRetention {
  const batch = options.batch ?? BATCH;

  async function prune(table: LogTable, keepMs: number): Promise<number> {
    const before = new Date(deps.now().getTime() - keepMs).toISOString();
    let deleted = 0;
    for (;;) {
      const count = await deleteLogRowsBefore(deps.db, table, before, batch);
      deleted += count;
      if (count < batch) return deleted;
      await yieldToEventLoop();
    }
  }

  return createPeriodicJob({
    name: 'log retention',
    intervalMs: options.intervalMs ?? LOG_RETENTION_INTERVAL_MS,
    logger: deps.logger,
    async runOnce() {
      const { inboundDays, searchDays } = deps.config.logRetention;
      const deleted = {
        inbound_messages: await prune('inbound_messages', inboundDays * DAY_MS),
        search_log: await prune('search_log', searchDays * DAY_MS),
        webhook_replays: await prune('webhook_replays', STAMP_KEEP_MS),
        login_attempts: await prune('login_attempts', LOGIN_ATTEMPT_DAYS * DAY_MS),
      };
      if (Object.values(deleted).some((count) => count > 0)) deps.logger.info({ deleted }, 'log retention');
      return deleted;
    },
  });
}
