import type { Executor } from '../transaction.ts';

/**
 * The append-only logs kept for a limited time: the webhook's message log, the search log, the
 * bodies of the webhook's signed requests (needed for minutes) and staff login attempts.
 */
export type LogTable = 'inbound_messages' | 'search_log' | 'webhook_replays' | 'login_attempts';

/**
 * Deletes up to `limit` of `table`'s rows created before `before`, oldest first, through the
 * table's created_at index; resolves with how many went. Small batches keep each statement short:
 * on SQLite it blocks the event loop and every writer while it runs.
 */
export async function deleteLogRowsBefore(
  db: Executor,
  table: LogTable,
  before: string,
  limit: number,
): Promise<number> {
  const result = await db
    .deleteFrom(table)
    .where('id', 'in', (eb) =>
      eb.selectFrom(table).select('id').where('created_at', '<', before).orderBy('created_at').limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
