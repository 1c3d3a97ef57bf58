/**
 * Bulk loading of the synthetic catalogue straight into the tables with Kysely (createProduct per
 * product would take hours at 1M), then the search index in a second pass with the app's own
 * `rebuildSearchIndex` and `warmSearchIndex`, so its cost and size can be told apart.
 */
import { statSync } from 'node:fs';
import { specKey } from '@weshop/core';
import { rebuildSearchIndex, warmSearchIndex } from '@weshop/db';
import type { DB, WarmSearchIndexResult } from '@weshop/db';
import { sql } from 'kysely';
import { CATEGORY_NAMES, generateProduct } from './generate.ts';
import type { GeneratedProduct } from './generate.ts';

/** Rows per transaction. */
const TX_ROWS = 5000;
/** Rows per INSERT statement (SQLite allows 32,766 bound parameters; products have 13 columns). */
const STATEMENT_ROWS = 1000;
const NOW = '2026-11-22T00:00:00.000Z';

export interface CatalogCounts {
  products: number;
  /** On shelf and not deleted: what the shop can find. */
  live: number;
  skus: number;
  outOfStockSkus: number;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Writes categories, products and SKUs (no search index). */
export async function loadCatalog(db: DB, size: number, seed: number): Promise<CatalogCounts> {
  const counts: CatalogCounts = { products: 0, live: 0, skus: 0, outOfStockSkus: 0 };
  await db
    .insertInto('categories')
    .values(
      CATEGORY_NAMES.map((name, index) => ({
        id: index + 1,
        name,
        sort_order: index,
        created_at: NOW,
        updated_at: NOW,
      })),
    )
    .execute();
  for (let start = 0; start < size; start += TX_ROWS) {
    const batch: GeneratedProduct[] = [];
    for (let i = start; i < Math.min(size, start + TX_ROWS); i++) batch.push(generateProduct(seed, i));
    await db.transaction().execute(async (trx) => {
      for (const part of chunks(batch, STATEMENT_ROWS)) {
        await trx
          .insertInto('products')
          .values(
            part.map((p) => {
              const prices = p.skus.map((sku) => sku.priceFen);
              return {
                id: p.id,
                category_id: p.categoryIndex + 1,
                title: p.title,
                subtitle: p.subtitle,
                description: p.description,
                tags: JSON.stringify(p.tags),
                on_shelf: p.onShelf ? 1 : 0,
                min_price_fen: Math.min(...prices),
                max_price_fen: Math.max(...prices),
                cover_image: `/uploads/bench/p${p.id}.jpg`,
                sales_count: p.salesCount,
                created_at: NOW,
                updated_at: NOW,
                deleted_at: p.deleted ? NOW : null,
              };
            }),
          )
          .execute();
        const skus = part.flatMap((p) =>
          p.skus.map((sku, index) => ({
            product_id: p.id,
            spec: JSON.stringify(sku.spec),
            spec_key: specKey(sku.spec),
            price_fen: sku.priceFen,
            stock: sku.stock,
            sort_order: index,
            created_at: NOW,
            updated_at: NOW,
          })),
        );
        await trx.insertInto('skus').values(skus).execute();
      }
    });
    for (const p of batch) {
      counts.products++;
      if (p.onShelf && !p.deleted) counts.live++;
      counts.skus += p.skus.length;
      counts.outOfStockSkus += p.skus.filter((sku) => sku.stock === 0).length;
    }
  }
  return counts;
}

export interface SearchIndexBuild {
  rows: number;
  /** `rebuildSearchIndex`: read products, normalizeText, insert product_search, FTS5 'rebuild'. */
  rebuildMs: number;
  /** The in-process index (`warmSearchIndex`). */
  memory: WarmSearchIndexResult;
  memoryMs: number;
  /** Process RSS growth while building the in-process index. */
  memoryRssBytes: number;
}

/**
 * Builds the search index the way the app does: `rebuildSearchIndex` (what `openDatabase` runs when
 * rows are missing) writes `product_search` and the FTS5 trigram table, then `warmSearchIndex` builds
 * the in-process index from them.
 */
export async function loadSearchIndex(db: DB): Promise<SearchIndexBuild> {
  const begin = performance.now();
  const rows = await rebuildSearchIndex(db);
  const rebuildMs = performance.now() - begin;
  const rssBefore = process.memoryUsage().rss;
  const memory = await warmSearchIndex(db);
  if (!memory) throw new Error('no in-process search index (not SQLite?)');
  return {
    rows,
    rebuildMs,
    memory,
    memoryMs: performance.now() - begin - rebuildMs,
    memoryRssBytes: process.memoryUsage().rss - rssBefore,
  };
}

export interface DiskSizes {
  /** Main database file after a TRUNCATE checkpoint. */
  fileBytes: number;
  walBytes: number;
  /** Bytes per table/index from `dbstat`, or undefined when SQLite lacks it. */
  objects?: Map<string, number>;
}

export async function diskSizes(db: DB, filename: string): Promise<DiskSizes> {
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  const fileBytes = statSync(filename).size;
  let walBytes = 0;
  try {
    walBytes = statSync(`${filename}-wal`).size;
  } catch {
    // No WAL file: nothing pending.
  }
  let objects: Map<string, number> | undefined;
  try {
    const result = await sql<{
      name: string;
      bytes: number;
    }>`select name, sum(pgsize) as bytes from dbstat group by name`.execute(db);
    objects = new Map(result.rows.map((row) => [row.name, Number(row.bytes)]));
  } catch {
    objects = undefined;
  }
  return { fileBytes, walBytes, ...(objects ? { objects } : {}) };
}

/** Bytes of the search index: `product_search` and the FTS5 shadow tables. */
export function searchIndexBytes(objects: Map<string, number>): { table: number; fts: number } {
  let table = 0;
  let fts = 0;
  for (const [name, bytes] of objects) {
    if (name.startsWith('product_search_fts')) fts += bytes;
    else if (name === 'product_search' || name.startsWith('sqlite_autoindex_product_search')) table += bytes;
  }
  return { table, fts };
}
