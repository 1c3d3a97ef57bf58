import { insertCompiled } from '../sqlite/compiled-query.ts';
import { nowIso } from '../time.ts';
import type { Executor } from '../transaction.ts';

export interface SearchLogEntry {
  query: string;
  normalized: string;
  hits: number;
  openid: string | null;
  source: 'chat' | 'h5' | 'admin';
}

/** Raw queries are kept to this many code points: the log is for staff, not an unbounded store. */
const MAX_LOGGED_QUERY = 200;

function logRow(entry: SearchLogEntry, at: string) {
  return {
    query: [...entry.query].slice(0, MAX_LOGGED_QUERY).join(''),
    normalized: entry.normalized,
    hits: entry.hits,
    openid: entry.openid,
    source: entry.source,
    created_at: at,
  };
}

export async function logSearch(db: Executor, entry: SearchLogEntry, now = nowIso()): Promise<void> {
  await db.insertInto('search_log').values(logRow(entry, now)).execute();
}

/** Many searches in one statement (the batched write-behind log of the API). */
export async function logSearches(
  db: Executor,
  entries: readonly (SearchLogEntry & { at: string })[],
): Promise<void> {
  await insertCompiled(
    db,
    'search log',
    entries.map((entry) => logRow(entry, entry.at)),
    (rows) => db.insertInto('search_log').values(rows),
  );
}

export interface SearchStat {
  normalized: string;
  /** Searches since `since`. */
  count: number;
  /** The most results any of those searches returned. */
  hits: number;
}

export interface SearchStatQuery {
  /** ISO instant; searches at or after it count. */
  since: string;
  limit: number;
}

/** Most frequent normalised queries since `since`, most searched first. */
export async function topSearches(db: Executor, query: SearchStatQuery): Promise<SearchStat[]> {
  return searchStats(db, query, false);
}

/** Most frequent normalised queries since `since` that found nothing: what the shop should stock. */
export async function zeroResultSearches(db: Executor, query: SearchStatQuery): Promise<SearchStat[]> {
  return searchStats(db, query, true);
}

async function searchStats(db: Executor, query: SearchStatQuery, zeroOnly: boolean): Promise<SearchStat[]> {
  let select = db
    .selectFrom('search_log')
    .select((eb) => ['normalized', eb.fn.countAll<number>().as('count'), eb.fn.max('hits').as('hits')])
    .where('created_at', '>=', query.since)
    .where('normalized', '<>', '');
  if (zeroOnly) select = select.where('hits', '=', 0);
  const rows = await select
    .groupBy('normalized')
    .orderBy('count', 'desc')
    .orderBy('normalized')
    .limit(query.limit)
    .execute();
  return rows.map((row) => ({
    normalized: row.normalized,
    count: Number(row.count),
    hits: Number(row.hits),
  }));
}
