/**
 * Keeps one in-memory search index (memory-index.ts) per SQLite database in this process, fresh
 * across connections and instances: migration 2026-11-22-004's triggers record every product whose
 * searchable state changes in `product_search_changes` with a rising `seq`, in the changing
 * transaction; before each search the index reads `search_state` (one row) and reloads the products
 * changed since the `seq` it has seen. A new `epoch` (a whole rebuild) replaces the index.
 *
 * Until an index is ready (`warmSearchIndex` builds it; otherwise the first search starts it), and on
 * PostgreSQL or inside a transaction, `searchProducts` uses the SQL index instead (FTS5 / pg_trgm),
 * which gives the same results.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from '../../transaction.ts';
import { MemoryIndex } from './memory-index.ts';
import type {
  MemoryIndexStats,
  MemoryProduct,
  MemorySearchQuery,
  MemorySearchResult,
} from './memory-index.ts';

/**
 * A catalogue this small is indexed in memory during the first search (quickly:
 * bench/results/2026-11-22-search-2.txt).
 */
const BUILD_INLINE_LIMIT = 20_000;
/** More changed products than this at once (and than a tenth of the catalogue): rebuild instead. */
const REBUILD_CHANGES = 50_000;
/** Rows read per statement while building. */
const BUILD_BATCH = 10_000;
/** Products reloaded per statement while applying changes. */
const CHANGE_BATCH = 500;
/** In-memory indexes kept (one per database; tests open many small ones). */
const MAX_INDEXES = 4;
/**
 * Products out of rank order (sales changed, text changed, added) that each search reads one by one;
 * past this many, a fresh index is built in the background and swapped in.
 */
const DIRTY_LIMIT = 20_000;

interface SearchState {
  instance: string;
  seq: number;
  epoch: number;
}

interface Entry {
  epoch: number;
  /** Every change up to this seq is in `index`. */
  seq: number;
  index: MemoryIndex | null;
  building: Promise<void> | null;
  /** The build runs while searches use SQL (large catalogue); otherwise searches wait for it. */
  background: boolean;
  refreshing?: Promise<void> | null;
  buildMs: number;
  /** A fresh index built in the background, swapped in by the next refresh. */
  replacement?: { index: MemoryIndex; seq: number } | null;
  replacing?: boolean;
}

const entries = new Map<string, Entry>();

const isPostgres = (db: Executor): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

async function readState(db: Executor): Promise<SearchState | null> {
  if (isPostgres(db)) return null;
  try {
    const result = await sql<SearchState>`select instance, seq, epoch from search_state where id = 1`.execute(
      db,
    );
    const row = result.rows[0];
    return row ? { instance: row.instance, seq: Number(row.seq), epoch: Number(row.epoch) } : null;
  } catch {
    // A database without migration 004 (opened with migrate: false): the SQL index serves.
    return null;
  }
}

function remember(instance: string, entry: Entry): void {
  entries.delete(instance);
  entries.set(instance, entry);
  while (entries.size > MAX_INDEXES) entries.delete(entries.keys().next().value as string);
}

/**
 * Answers from the in-memory index, or returns null when the SQL index must answer (PostgreSQL, inside
 * a transaction, no index ready yet: a large catalogue's first search starts building it).
 */
export async function searchInMemory(
  db: Executor,
  query: MemorySearchQuery,
): Promise<MemorySearchResult | null> {
  // A transaction may hold uncommitted changes: never let them into the shared index.
  if (db.isTransaction) return null;
  const state = await readState(db);
  if (!state) return null;
  const entry = await readyEntry(db, state, false);
  return entry?.index ? entry.index.search(query) : null;
}

export interface WarmSearchIndexResult extends MemoryIndexStats {
  /** Time spent building this index (0 when it was already built). */
  buildMs: number;
}

/**
 * Builds (or refreshes) this database's in-memory search index and waits for it: call it at boot so
 * the first searches need not fall back to SQL. Returns null on PostgreSQL.
 */
export async function warmSearchIndex(db: Executor): Promise<WarmSearchIndexResult | null> {
  const state = await readState(db);
  if (!state) return null;
  const entry = await readyEntry(db, state, true);
  if (!entry?.index) return null;
  entry.index.warmUp();
  return { ...entry.index.stats(), buildMs: entry.buildMs };
}

/** Forgets every in-memory index of this process (tests; a later search rebuilds). */
export function forgetSearchIndexes(): void {
  entries.clear();
}

async function readyEntry(db: Executor, state: SearchState, wait: boolean): Promise<Entry | null> {
  let entry = entries.get(state.instance);
  // A new epoch is a rebuilt index; a smaller seq, a database file put back from a copy.
  if (!entry || entry.epoch !== state.epoch || entry.seq > state.seq) {
    entry = {
      epoch: state.epoch,
      seq: state.seq,
      index: null,
      building: null,
      background: false,
      buildMs: 0,
    };
  }
  remember(state.instance, entry);
  if (!entry.index) {
    if (!entry.building) {
      entry.background = !wait && (await countIndexed(db)) > BUILD_INLINE_LIMIT;
      startBuild(db, entry);
    }
    if (entry.background && !wait) return null;
    try {
      await entry.building;
    } catch {
      return null;
    }
    if (!entry.index) return null;
  }
  if (entry.seq < state.seq || entry.replacement) await refresh(db, entry);
  return entry.index ? entry : null;
}

function startBuild(db: Executor, entry: Entry): void {
  const building = build(db, entry);
  entry.building = building;
  // A failed build is retried by a later search; the SQL index serves meanwhile.
  building
    .catch(() => {})
    .finally(() => {
      if (entry.building === building) entry.building = null;
    });
}

async function countIndexed(db: Executor): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from product_search`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

// ------------------------------------------------------------------ loading

interface LoadedRow {
  id: number;
  title: string | null;
  subtitle: string | null;
  tags: string | null;
  description: string | null;
  on_shelf: number;
  category_id: number | null;
  sales_count: number;
  in_stock: number;
  live: number;
}

function toProduct(row: LoadedRow): MemoryProduct | null {
  if (row.title === null || Number(row.live) !== 1) return null;
  return {
    id: row.id,
    title: row.title,
    subtitle: row.subtitle ?? '',
    tags: row.tags ?? '',
    description: row.description ?? '',
    onShelf: Number(row.on_shelf) === 1,
    inStock: Number(row.in_stock) === 1,
    salesCount: Number(row.sales_count),
    categoryId: row.category_id,
  };
}

async function build(db: Executor, entry: Entry): Promise<void> {
  const started = performance.now();
  const built = await buildIndex(db, entry.seq);
  entry.index = built.index;
  entry.seq = built.seq;
  entry.buildMs = performance.now() - started;
}

/** A whole index from the database; every change after `seq` may be missing from it. */
async function buildIndex(db: Executor, seq: number): Promise<{ index: MemoryIndex; seq: number }> {
  const stocked = await inStockIds(db);
  return { index: await MemoryIndex.buildFrom(batches(db, stocked)), seq };
}

/** Ids of products with a SKU that can be bought, as a bitmap by id. */
async function inStockIds(db: Executor): Promise<Uint8Array> {
  const max = await sql<{ n: number | null }>`select max(id) as n from products`.execute(db);
  const stocked = new Uint8Array(Number(max.rows[0]?.n ?? 0) + 1);
  const rows = await sql<{ id: number }>`select distinct product_id as id from skus
    where deleted_at is null and stock > 0`.execute(db);
  for (const row of rows.rows) if (row.id < stocked.length) stocked[row.id] = 1;
  return stocked;
}

async function* batches(db: Executor, stocked: Uint8Array): AsyncIterable<MemoryProduct[]> {
  let afterId = 0;
  for (;;) {
    const result = await sql<Omit<LoadedRow, 'in_stock' | 'live'>>`select ps.product_id as id, ps.title,
        ps.subtitle, ps.tags, ps.description, p.on_shelf, p.category_id, p.sales_count
      from product_search ps join products p on p.id = ps.product_id
      where ps.product_id > ${afterId} and p.deleted_at is null
      order by ps.product_id limit ${BUILD_BATCH}`.execute(db);
    const rows = result.rows;
    if (rows.length === 0) return;
    yield rows.map((row) => toProduct({ ...row, in_stock: stocked[row.id] ?? 0, live: 1 }) as MemoryProduct);
    afterId = rows.at(-1)!.id;
  }
}

/** Applies the products changed since `entry.seq`, one refresh at a time. */
async function refresh(db: Executor, entry: Entry): Promise<void> {
  while (entry.refreshing) await entry.refreshing;
  const refreshing = applyChanges(db, entry);
  entry.refreshing = refreshing;
  try {
    await refreshing;
  } finally {
    entry.refreshing = null;
  }
}

async function applyChanges(db: Executor, entry: Entry): Promise<void> {
  if (entry.replacement) {
    // Built from data at least as new as its seq: the changes after it are applied below.
    entry.index = entry.replacement.index;
    entry.seq = entry.replacement.seq;
    entry.replacement = null;
  }
  const index = entry.index;
  if (!index) return;
  const result = await sql<{ product_id: number; seq: number }>`select product_id, seq
    from product_search_changes where seq > ${entry.seq} order by seq`.execute(db);
  const changes = result.rows.map((row) => ({ productId: Number(row.product_id), seq: Number(row.seq) }));
  if (changes.length === 0) return;
  const maxSeq = changes.at(-1)!.seq;
  if (changes.length > Math.max(REBUILD_CHANGES, index.stats().liveProducts / 10)) {
    // Cheaper than reloading product by product; searches wait for this refresh meanwhile.
    entry.seq = maxSeq;
    await build(db, entry);
    return;
  }
  const ids = changes.map((change) => change.productId);
  for (let i = 0; i < ids.length; i += CHANGE_BATCH) {
    const part = ids.slice(i, i + CHANGE_BATCH);
    const rows = await sql<LoadedRow>`select p.id, ps.title, ps.subtitle, ps.tags, ps.description,
        p.on_shelf, p.category_id, p.sales_count, p.deleted_at is null as live,
        exists (select 1 from skus s where s.product_id = p.id and s.deleted_at is null and s.stock > 0)
          as in_stock
      from products p left join product_search ps on ps.product_id = p.id
      where p.id in (${sql.join(part)})`.execute(db);
    const byId = new Map(rows.rows.map((row) => [row.id, toProduct(row)]));
    for (const id of part) index.upsert(id, byId.get(id) ?? null);
  }
  entry.seq = Math.max(entry.seq, maxSeq);
  if ((index.dirtySlots > DIRTY_LIMIT || index.deadSlots > index.stats().slots / 4) && !entry.replacing) {
    replaceInBackground(db, entry);
  }
}

/** Builds a compact index while searches go on with this one; the next refresh swaps it in. */
function replaceInBackground(db: Executor, entry: Entry): void {
  entry.replacing = true;
  buildIndex(db, entry.seq)
    .then((built) => {
      entry.replacement = built;
    })
    // A failed build is tried again after a later change; this index keeps serving.
    .catch(() => {})
    .finally(() => {
      entry.replacing = false;
    });
}
