/**
 * SQLite search upkeep for the in-process search index (search/memory/memory-index.ts). Frozen once
 * released; imports only Kysely.
 *
 * - `search_state` (one row): `instance` names this database for the process-wide cache of in-memory
 *   indexes; `seq` counts changes; `epoch` changes when the whole index is rebuilt (the rebuild sets
 *   `product_search`'s triggers aside in its transaction and runs FTS5's 'rebuild' once, about 5×
 *   faster than a trigger per row).
 * - `product_search_changes`: the last change `seq` of every product whose searchable state changed
 *   (text, shelf, deletion, category, sales, in stock / sold out). Triggers on products, skus and
 *   product_search write it inside the transaction that makes the change, so every caller (catalogue
 *   edits, orders changing stock and sales, tools writing SQL) keeps the in-memory index fresh without
 *   calling anything; an in-memory index at `seq` N reloads the products changed after N.
 * - The FTS5 table of migration 002 is recreated over title, subtitle and tags with `detail=none,
 *   columnsize=0`: about a third of the build time and a fifth of the size. Without positions FTS5
 *   cannot match phrases, so the repository asks for every trigram of a term (AND) and checks the
 *   candidates in JS, as it already did; the description (half the text, the lowest score) is matched
 *   with LIKE on that path. The SQL path only answers while the in-process index is being built and
 *   inside transactions, so its speed matters less than the rebuild's (≤ 60 s at a million products).
 *   Its triggers now also log the change.
 *
 * PostgreSQL: nothing (its search runs on pg_trgm in SQL).
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const COLUMNS = ['title', 'subtitle', 'tags', 'description'] as const;
/** The description, the longest and least weighty field, is left to LIKE (see the header). */
const FTS_COLUMNS = ['title', 'subtitle', 'tags'] as const;

/** Statements that record a change of product `id` (an SQL expression over new./old.). */
function logChange(id: string) {
  return sql.raw(`update search_state set seq = seq + 1 where id = 1;
    delete from product_search_changes where product_id = ${id};
    insert into product_search_changes (product_id, seq) select ${id}, seq from search_state where id = 1;`);
}

/** Sold out or deleted SKU → 0, a SKU that can be bought → 1 (NULL when there is no row). */
const buyable = (row: 'new' | 'old') => `(${row}.stock > 0 and ${row}.deleted_at is null)`;

const TRIGGERS = [
  'product_search_ai',
  'product_search_ad',
  'product_search_au',
  'search_changes_products_ai',
  'search_changes_products_au',
  'search_changes_products_ad',
  'search_changes_skus_ai',
  'search_changes_skus_au',
  'search_changes_skus_ad',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create table search_state (
    id integer primary key check (id = 1),
    instance text not null,
    seq integer not null default 0,
    epoch integer not null default 0
  )`.execute(db);
  await sql`insert into search_state (id, instance) values (1, lower(hex(randomblob(16))))`.execute(db);
  await sql`create table product_search_changes (
    product_id integer primary key,
    seq integer not null
  )`.execute(db);
  await sql`create index product_search_changes_seq on product_search_changes (seq)`.execute(db);

  // FTS5 (migration 002) without positions, synced and logged by one trigger per event.
  for (const trigger of ['product_search_ai', 'product_search_ad', 'product_search_au']) {
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  }
  await sql`drop table if exists product_search_fts`.execute(db);
  await sql`create virtual table product_search_fts using fts5(
    title, subtitle, tags,
    content='product_search', content_rowid='product_id', tokenize='trigram', detail=none, columnsize=0
  )`.execute(db);
  await sql`insert into product_search_fts (product_search_fts) values ('rebuild')`.execute(db);
  const values = (prefix: 'new' | 'old') =>
    sql.raw(`${prefix}.product_id, ${FTS_COLUMNS.map((column) => `${prefix}.${column}`).join(', ')}`);
  const insertNew = sql`insert into product_search_fts (rowid, title, subtitle, tags)
    values (${values('new')});`;
  const deleteOld = sql`insert into product_search_fts
    (product_search_fts, rowid, title, subtitle, tags) values ('delete', ${values('old')});`;
  await sql`create trigger product_search_ai after insert on product_search
    begin ${insertNew} ${logChange('new.product_id')} end`.execute(db);
  await sql`create trigger product_search_ad after delete on product_search
    begin ${deleteOld} ${logChange('old.product_id')} end`.execute(db);
  await sql`create trigger product_search_au after update on product_search
    begin ${deleteOld} ${insertNew} ${logChange('new.product_id')} ${logChange('old.product_id')} end`.execute(
    db,
  );

  // Change log for the in-memory index.
  await sql`create trigger search_changes_products_ai after insert on products
    begin ${logChange('new.id')} end`.execute(db);
  await sql`create trigger search_changes_products_au
    after update of on_shelf, deleted_at, category_id, sales_count on products
    when old.on_shelf is not new.on_shelf or old.deleted_at is not new.deleted_at
      or old.category_id is not new.category_id or old.sales_count is not new.sales_count
    begin ${logChange('new.id')} end`.execute(db);
  await sql`create trigger search_changes_products_ad after delete on products
    begin ${logChange('old.id')} end`.execute(db);
  await sql`create trigger search_changes_skus_ai after insert on skus when ${sql.raw(buyable('new'))}
    begin ${logChange('new.product_id')} end`.execute(db);
  // Stock moves on every order: only a change between "can be bought" and "cannot" is logged.
  await sql`create trigger search_changes_skus_au after update of stock, deleted_at, product_id on skus
    when ${sql.raw(buyable('old'))} is not ${sql.raw(buyable('new'))} or old.product_id is not new.product_id
    begin ${logChange('new.product_id')} ${logChange('old.product_id')} end`.execute(db);
  await sql`create trigger search_changes_skus_ad after delete on skus when ${sql.raw(buyable('old'))}
    begin ${logChange('old.product_id')} end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  for (const trigger of TRIGGERS) await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  // Back to migration 002's FTS5 table and triggers.
  await sql`drop table if exists product_search_fts`.execute(db);
  await sql`create virtual table product_search_fts using fts5(
    title, subtitle, tags, description,
    content='product_search', content_rowid='product_id', tokenize='trigram'
  )`.execute(db);
  await sql`insert into product_search_fts (product_search_fts) values ('rebuild')`.execute(db);
  const values = (prefix: 'new' | 'old') =>
    sql.raw(`${prefix}.product_id, ${COLUMNS.map((column) => `${prefix}.${column}`).join(', ')}`);
  const insertNew = sql`insert into product_search_fts (rowid, title, subtitle, tags, description)
    values (${values('new')});`;
  const deleteOld = sql`insert into product_search_fts
    (product_search_fts, rowid, title, subtitle, tags, description) values ('delete', ${values('old')});`;
  await sql`create trigger product_search_ai after insert on product_search begin ${insertNew} end`.execute(
    db,
  );
  await sql`create trigger product_search_ad after delete on product_search begin ${deleteOld} end`.execute(
    db,
  );
  await sql`create trigger product_search_au after update on product_search begin
    ${deleteOld} ${insertNew} end`.execute(db);
  await sql`drop table if exists product_search_changes`.execute(db);
  await sql`drop table if exists search_state`.execute(db);
}
