/**
 * Upkeep of the search index: `product_search` holds normalised copies of every product's searchable
 * fields (and the FTS5 / pg_trgm index over them follows by trigger). `indexProduct` runs in the
 * transaction that changes a product; `rebuildSearchIndex` / `ensureSearchIndex` (re)build it whole.
 * Answering searches is search.ts.
 */
import { normalizeText } from '@weshop/core';
import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseJsonColumn } from '../json.ts';
import type { Tables } from '../schema.ts';
import { inTransaction } from '../transaction.ts';
import type { Executor } from '../transaction.ts';

/** Row of `product_search` (migration 2026-11-22-002): every text column in `normalizeText` form. */
interface ProductSearchTable {
  product_id: number;
  title: string;
  subtitle: string;
  /** Normalised tags, one per line (TAG_SEPARATOR). */
  tags: string;
  description: string;
}

type IndexTables = Tables & { product_search: ProductSearchTable };

export const withIndex = (db: Executor): Kysely<IndexTables> =>
  db.withTables<{ product_search: ProductSearchTable }>();
export const isPostgres = (db: Executor): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

const TagsSchema = z.array(z.string());
/** Products read per statement by a rebuild, and index rows written per INSERT. */
const REBUILD_BATCH = 5000;
const INSERT_ROWS = 1000;
/** SQLite page cache while rebuilding (negative: KiB); the connection's own is put back after. */
const REBUILD_CACHE_KIB = -262_144;
const SQLITE_DEFAULT_CACHE_KIB = -2000;
/** Tags are stored one per line: a newline never survives normalizeText. */
export const TAG_SEPARATOR = '\n';

interface SearchableFields {
  title: string;
  subtitle: string;
  tags: string;
  description: string;
}

function searchRow(
  product: SearchableFields,
  normalize: (text: string) => string = normalizeText,
): Omit<ProductSearchTable, 'product_id'> {
  const tags = parseJsonColumn(TagsSchema, product.tags, 'products.tags');
  return {
    title: normalizeText(product.title),
    subtitle: normalize(product.subtitle),
    // One tag per line: a newline never survives normalizeText, so tags cannot run into each other.
    tags: tags.map(normalize).join(TAG_SEPARATOR),
    description: normalize(product.description),
  };
}

/** Distinct texts remembered by a rebuild's `normalizeText` (tags and subtitles repeat a lot). */
const REBUILD_MEMO = 100_000;

/** `normalizeText` remembering up to `REBUILD_MEMO` distinct inputs (then it stops adding). */
function memoizedNormalize(): (text: string) => string {
  const memo = new Map<string, string>();
  return (text) => {
    let normalized = memo.get(text);
    if (normalized === undefined) {
      normalized = normalizeText(text);
      if (memo.size < REBUILD_MEMO) memo.set(text, normalized);
    }
    return normalized;
  };
}

// ---------------------------------------------------------------- index upkeep

/**
 * Writes one product's normalised fields to the index (or removes it when the product is gone or
 * deleted). Call it inside the transaction that changes the product.
 */
export async function indexProduct(db: Executor, productId: number): Promise<void> {
  const product = await db
    .selectFrom('products')
    .select(['title', 'subtitle', 'tags', 'description', 'deleted_at'])
    .where('id', '=', productId)
    .executeTakeFirst();
  const index = withIndex(db);
  if (!product || product.deleted_at !== null) {
    await index.deleteFrom('product_search').where('product_id', '=', productId).execute();
    return;
  }
  const values = searchRow(product);
  await index
    .insertInto('product_search')
    .values({ product_id: productId, ...values })
    .onConflict((conflict) => conflict.column('product_id').doUpdateSet(values))
    .execute();
}

/**
 * Rebuilds the whole index from the live products, in one transaction. Returns the rows written.
 * On SQLite `product_search`'s triggers are set aside inside the transaction (and put back exactly as
 * they were) while FTS5 indexes everything at once ('rebuild'), and a new `epoch` tells in-memory
 * indexes to start over.
 */
export async function rebuildSearchIndex(db: Executor): Promise<number> {
  return inTransaction(db, async (trx) => {
    const postgres = isPostgres(trx);
    if (postgres) return writeSearchRows(trx);
    const restore = await setTriggersAside(trx);
    try {
      await sql`update search_state set epoch = epoch + 1 where id = 1`.execute(trx);
      // A new epoch makes every in-memory index start over: older changes are of no use.
      await sql`delete from product_search_changes`.execute(trx);
      const written = await writeSearchRows(trx);
      await sql`insert into product_search_fts (product_search_fts) values ('rebuild')`.execute(trx);
      await sql`update search_state set seq = seq + 1 where id = 1`.execute(trx);
      await restore();
      return written;
    } catch (error) {
      await restore(true);
      throw error;
    }
  });
}

const sqliteInsert = (rows: number): string =>
  `insert into product_search (product_id, title, subtitle, tags, description) values ${Array.from(
    { length: rows },
    () => '(?, ?, ?, ?, ?)',
  ).join(', ')}`;

/** Empties `product_search` and writes every live product's row again. Returns the rows written. */
async function writeSearchRows(trx: Executor): Promise<number> {
  const normalize = memoizedNormalize();
  const postgres = isPostgres(trx);
  const index = withIndex(trx);
  await index.deleteFrom('product_search').execute();
  let written = 0;
  let afterId = 0;
  for (;;) {
    const products = await trx
      .selectFrom('products')
      .select(['id', 'title', 'subtitle', 'tags', 'description'])
      .where('deleted_at', 'is', null)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(REBUILD_BATCH)
      .execute();
    const last = products.at(-1);
    if (!last) break;
    const rows = products.map((product) => ({ product_id: product.id, ...searchRow(product, normalize) }));
    for (let i = 0; i < rows.length; i += INSERT_ROWS) {
      const part = rows.slice(i, i + INSERT_ROWS);
      if (postgres) {
        await index
          .insertInto('product_search')
          .values(part)
          // Two instances booting at once may both rebuild: the second overwrites instead of failing.
          .onConflict((conflict) =>
            conflict.column('product_id').doUpdateSet((eb) => ({
              title: eb.ref('excluded.title'),
              subtitle: eb.ref('excluded.subtitle'),
              tags: eb.ref('excluded.tags'),
              description: eb.ref('excluded.description'),
            })),
          )
          .execute();
      } else {
        // SQLite: the same statement text every time (reused from the statement cache), no query
        // builder for a million rows; the table was emptied in this transaction, so no conflicts.
        const params = part.flatMap((row) => [
          row.product_id,
          row.title,
          row.subtitle,
          row.tags,
          row.description,
        ]);
        await trx.executeQuery(CompiledQuery.raw(sqliteInsert(part.length), params));
      }
    }
    written += products.length;
    afterId = last.id;
  }
  return written;
}

/**
 * SQLite, inside the caller's transaction: drops `product_search`'s triggers (FTS5 sync and change log)
 * and raises the page cache, so a bulk write pays for neither per row (a large cache keeps FTS5's
 * merges off the disk). Returns what puts both back, the triggers from their own saved SQL.
 */
async function setTriggersAside(trx: Executor): Promise<(failed?: boolean) => Promise<void>> {
  const triggers = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
    where type = 'trigger' and tbl_name = 'product_search'`.execute(trx);
  for (const trigger of triggers.rows) await sql`drop trigger ${sql.id(trigger.name)}`.execute(trx);
  const cache = await sql<{ cache_size: number }>`pragma cache_size`.execute(trx);
  const cacheSize = Math.trunc(Number(cache.rows[0]?.cache_size ?? SQLITE_DEFAULT_CACHE_KIB));
  await sql`pragma cache_size = ${sql.raw(String(REBUILD_CACHE_KIB))}`.execute(trx);
  return async (failed = false) => {
    // On failure the rollback brings the triggers back; the page cache is the connection's own.
    if (!failed) for (const trigger of triggers.rows) await sql.raw(trigger.sql).execute(trx);
    await sql`pragma cache_size = ${sql.raw(String(cacheSize))}`.execute(trx);
  };
}

/**
 * Rebuilds the index when a live product has no index row (a catalogue that predates the index, or
 * rows written by a tool that bypassed the repository). Cheap when nothing is missing. `openDatabase`
 * calls it after migrating. Returns the rows written, 0 when the index was complete.
 */
export async function ensureSearchIndex(db: Executor): Promise<number> {
  const missing = await withIndex(db)
    .selectFrom('products as p')
    .select('p.id')
    .where('p.deleted_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('product_search as ps').select('ps.product_id').whereRef('ps.product_id', '=', 'p.id'),
        ),
      ),
    )
    .limit(1)
    .executeTakeFirst();
  return missing ? rebuildSearchIndex(db) : 0;
}

/** The staff synonym groups (`search_synonyms.terms`), indexed for `planSearch`. */
