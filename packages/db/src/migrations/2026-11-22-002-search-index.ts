/**
 * Product search index. Frozen once released: add a new migration instead of editing this one.
 * Imports nothing of the app, only Kysely.
 *
 * `product_search` holds one row per product with its title, subtitle, tags (joined by a space) and
 * description in `normalizeText` form; the repository writes it (normalising is app code). This
 * migration leaves it empty: `openDatabase` rebuilds it after migrating when it has fewer rows than
 * there are live products, which backfills a catalogue that existed before the index.
 *
 * SQLite: an external-content FTS5 table with the trigram tokenizer over it, kept in sync by triggers
 * (substring MATCH for terms of 3+ characters). PostgreSQL: pg_trgm GIN indexes, which serve
 * `LIKE '%…%'` on every column.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely } from 'kysely';

const COLUMNS = ['title', 'subtitle', 'tags', 'description'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  let table = db.schema
    .createTable('product_search')
    .addColumn('product_id', 'integer', (c) => c.primaryKey().references('products.id').onDelete('cascade'));
  for (const column of COLUMNS) table = table.addColumn(column, 'text', (c) => c.notNull().defaultTo(''));
  await table.execute();

  if (pg) await upPostgres(db);
  else await upSqlite(db);
}

async function upSqlite(db: Kysely<unknown>): Promise<void> {
  await sql`create virtual table product_search_fts using fts5(
    title, subtitle, tags, description,
    content='product_search', content_rowid='product_id', tokenize='trigram'
  )`.execute(db);
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
}

async function upPostgres(db: Kysely<unknown>): Promise<void> {
  // The extension is database-wide. Serialise creators (several schemas may migrate at once) and put
  // it in public when it is new, so it never lives in (and dies with) one app schema; then name its
  // operator class with that schema, since the app's search_path may not include it.
  await sql`select pg_advisory_xact_lock(7402511)`.execute(db);
  const existing = await extensionSchema(db);
  if (!existing) {
    const hasPublic = await sql`select 1 from pg_namespace where nspname = 'public'`.execute(db);
    await (
      hasPublic.rows.length > 0
        ? sql`create extension if not exists pg_trgm with schema public`
        : sql`create extension if not exists pg_trgm`
    ).execute(db);
  }
  const schema = existing ?? (await extensionSchema(db));
  if (!schema) throw new Error('pg_trgm is not installed');
  const opclass = sql.raw(`${quoteIdent(schema)}.gin_trgm_ops`);
  for (const column of COLUMNS) {
    await sql`create index ${sql.raw(`product_search_${column}_trgm`)} on product_search
      using gin (${sql.ref(column)} ${opclass})`.execute(db);
  }
}

async function extensionSchema(db: Kysely<unknown>): Promise<string | undefined> {
  const result = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
    join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db);
  return result.rows[0]?.schema;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (!pg) {
    for (const trigger of ['product_search_ai', 'product_search_ad', 'product_search_au']) {
      await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
    }
    await sql`drop table if exists product_search_fts`.execute(db);
  }
  // Dropping the table drops its indexes; pg_trgm stays, other schemas may use it.
  await db.schema.dropTable('product_search').execute();
}
