import {
  DomainError,
  decodeCursor,
  deriveSpecOptions,
  priceRange,
  specKey,
  toPage,
  IdSchema,
  SpecSchema,
} from '@weshop/core';
import type {
  Category,
  CategoryInput,
  Page,
  ProductDetail,
  ProductInput,
  ProductSummary,
} from '@weshop/core';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../transaction.ts';
import { escapeLike, parseJsonColumn } from '../json.ts';
import type { ProductTable, SkuTable } from '../schema.ts';
import { nowIso } from '../time.ts';
import { inTransaction } from '../transaction.ts';
import { indexProduct } from '../search/index-upkeep.ts';

const TagsSchema = z.array(z.string());

// ---------------------------------------------------------------- categories

function selectCategories(db: Executor) {
  return db.selectFrom('categories as c').select((eb) => [
    'c.id',
    'c.name',
    'c.icon',
    'c.sort_order',
    eb
      .selectFrom('products as p')
      .select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('p.category_id', '=', 'c.id')
      .where('p.on_shelf', '=', 1)
      .where('p.deleted_at', 'is', null)
      .as('product_count'),
  ]);
}

function toCategory(row: {
  id: number;
  name: string;
  icon: string | null;
  sort_order: number;
  product_count: number | null;
}): Category {
  return {
    id: row.id,
    name: row.name,
    icon: row.icon,
    sortOrder: row.sort_order,
    productCount: Number(row.product_count ?? 0),
  };
}

export async function listCategories(db: Executor): Promise<Category[]> {
  const rows = await selectCategories(db).orderBy('c.sort_order').orderBy('c.id').execute();
  return rows.map(toCategory);
}

export async function findCategory(db: Executor, id: number): Promise<Category | undefined> {
  const row = await selectCategories(db).where('c.id', '=', id).executeTakeFirst();
  return row && toCategory(row);
}

export async function createCategory(db: Executor, input: CategoryInput, now = nowIso()): Promise<Category> {
  const row = await db
    .insertInto('categories')
    .values({
      name: input.name,
      icon: input.icon ?? null,
      sort_order: input.sortOrder ?? 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: input.name,
    icon: input.icon ?? null,
    sortOrder: input.sortOrder ?? 0,
    productCount: 0,
  };
}

// ---------------------------------------------------------------- products

export interface ProductListQuery {
  /** Simple case-insensitive title filter (the search issue replaces it with the real search). */
  q?: string | undefined;
  categoryId?: number | undefined;
  cursor?: string | undefined;
  limit: number;
  /** Staff see products that are off shelf too. */
  includeOffShelf?: boolean;
}

const ProductCursor = [IdSchema] as const;

/**
 * Products newest first, keyset-paginated on id: a product added while a fan pages appears at the
 * top of a fresh list and never shifts the pages already being read.
 */
export async function listProducts(db: Executor, query: ProductListQuery): Promise<Page<ProductSummary>> {
  let select = db
    .selectFrom('products as p')
    .selectAll('p')
    .select(inStockExpression)
    .where('p.deleted_at', 'is', null);
  if (!query.includeOffShelf) select = select.where('p.on_shelf', '=', 1);
  if (query.categoryId !== undefined) select = select.where('p.category_id', '=', query.categoryId);
  const q = query.q?.trim();
  if (q) {
    select = select.where(
      sql<boolean>`lower(p.title) like ${`%${escapeLike(q.toLowerCase())}%`} escape '\\'`,
    );
  }
  if (query.cursor !== undefined) {
    const [afterId] = decodeCursor(query.cursor, ProductCursor);
    select = select.where('p.id', '<', afterId);
  }
  const rows = await select
    .orderBy('p.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows.map(toSummary), query.limit, (product) => [product.id]);
}

export interface FindProductOptions {
  includeOffShelf?: boolean;
}

export async function findProduct(
  db: Executor,
  id: number,
  options: FindProductOptions = {},
): Promise<ProductDetail | undefined> {
  let select = db
    .selectFrom('products as p')
    .selectAll('p')
    .select(inStockExpression)
    .where('p.id', '=', id)
    .where('p.deleted_at', 'is', null);
  if (!options.includeOffShelf) select = select.where('p.on_shelf', '=', 1);
  const row = await select.executeTakeFirst();
  if (!row) return undefined;
  const [images, skus] = await Promise.all([
    db
      .selectFrom('product_images')
      .select('url')
      .where('product_id', '=', id)
      .orderBy('sort_order')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('skus')
      .selectAll()
      .where('product_id', '=', id)
      .where('deleted_at', 'is', null)
      .orderBy('sort_order')
      .orderBy('id')
      .execute(),
  ]);
  const mappedSkus = skus.map(toSku);
  return {
    ...toSummary(row),
    description: row.description,
    purchaseLimit: row.purchase_limit,
    images: images.map((image) => image.url),
    specOptions: deriveSpecOptions(mappedSkus),
    skus: mappedSkus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Creates a product with its images and SKUs in one transaction. The category must exist.
 * Use inside an existing transaction by passing it as `db`.
 */
export async function createProduct(
  db: Executor,
  input: ProductInput,
  now = nowIso(),
): Promise<ProductDetail> {
  const id = await inTransaction(db, async (trx) => {
    if (input.categoryId != null) {
      const category = await trx
        .selectFrom('categories')
        .select('id')
        .where('id', '=', input.categoryId)
        .executeTakeFirst();
      if (!category) {
        throw new DomainError('VALIDATION_FAILED', {
          errors: [{ path: 'categoryId', message: 'no such category' }],
        });
      }
    }
    const range = priceRange(input.skus);
    const product = await trx
      .insertInto('products')
      .values({
        category_id: input.categoryId ?? null,
        title: input.title,
        subtitle: input.subtitle,
        description: input.description,
        tags: JSON.stringify(input.tags),
        on_shelf: input.onShelf ? 1 : 0,
        purchase_limit: input.purchaseLimit ?? null,
        min_price_fen: range.min,
        max_price_fen: range.max,
        cover_image: input.images[0] ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.images.length > 0) {
      await trx
        .insertInto('product_images')
        .values(input.images.map((url, index) => ({ product_id: product.id, url, sort_order: index })))
        .execute();
    }
    await trx
      .insertInto('skus')
      .values(
        input.skus.map((sku, index) => ({
          product_id: product.id,
          spec: JSON.stringify(sku.spec),
          spec_key: specKey(sku.spec),
          price_fen: sku.priceFen,
          stock: sku.stock,
          sort_order: index,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await indexProduct(trx, product.id);
    return product.id;
  });
  const created = await findProduct(db, id, { includeOffShelf: true });
  if (!created) throw new Error(`product ${id} vanished after insert`);
  return created;
}

/** Number of live products (on or off shelf). */
export async function countProducts(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---------------------------------------------------------------- mapping

export const inStockExpression = sql<number>`case when exists (
  select 1 from skus s where s.product_id = p.id and s.deleted_at is null and s.stock > 0
) then 1 else 0 end`.as('in_stock');

export function toSummary(row: Selectable<ProductTable> & { in_stock: number }): ProductSummary {
  return {
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    categoryId: row.category_id,
    priceFen: Number(row.min_price_fen),
    maxPriceFen: Number(row.max_price_fen),
    image: row.cover_image,
    tags: parseJsonColumn(TagsSchema, row.tags, 'products.tags'),
    inStock: Number(row.in_stock) === 1,
    onShelf: row.on_shelf === 1,
    salesCount: row.sales_count,
  };
}

function toSku(row: Selectable<SkuTable>) {
  return {
    id: row.id,
    spec: parseJsonColumn(SpecSchema, row.spec, 'skus.spec'),
    priceFen: Number(row.price_fen),
    stock: row.stock,
  };
}
