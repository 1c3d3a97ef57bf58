/**
 * The demo shop: a believable women's fashion, beauty and baby catalogue with locally drawn
 * pictures, search synonyms and a shop profile, so a fresh install has something to show.
 * It never touches a database that already has a catalogue unless asked to (`force`).
 */
import { ProductInputSchema, ShopProfileSchema } from '@weshop/core';
import { sql } from 'kysely';
import { SEED_LOCK_KEY } from '../database.ts';
import { dialectOf } from '../dialect.ts';
import { createCategory, createProduct } from '../repositories/catalog.ts';
import { nowIso } from '../time.ts';
import { inTransaction } from '../transaction.ts';
import type { Executor } from '../transaction.ts';
import { DEMO_CATALOG, DEMO_SHOP_PROFILE, SYNONYM_RULES } from './catalog-data/index.ts';
import { generateDemoImages } from './images.ts';

export { DEMO_CATALOG, DEMO_SHOP_PROFILE, SYNONYM_RULES } from './catalog-data/index.ts';
export type { DemoCatalog, DemoCategory, DemoProduct } from './catalog-data/index.ts';
export { generateDemoImages } from './images.ts';
export type { DemoImages } from './images.ts';

export interface SeedDemoOptions {
  /** Where uploads live; pictures go to `<uploadDir>/demo/` and are served as `/uploads/demo/…`. */
  uploadDir: string;
  /** Delete the catalogue, carts, orders, synonyms and keyword rules first, then seed. */
  force?: boolean;
  /** Creation time of every seeded row (ISO string); now by default. */
  now?: string;
}

export interface SeedDemoResult {
  seeded: boolean;
  categories: number;
  products: number;
  /** Pictures the seeded rows point at: product pictures plus category icons. */
  images: number;
}

const NOT_SEEDED: SeedDemoResult = { seeded: false, categories: 0, products: 0, images: 0 };

/** Tables emptied by `force`, children before parents. */
const FORCE_CLEARED = [
  'order_items',
  'orders',
  'cart_items',
  'skus',
  'product_images',
  'products',
  'categories',
  'search_synonyms',
  'keyword_rules',
] as const;

export async function seedDemo(db: Executor, options: SeedDemoOptions): Promise<SeedDemoResult> {
  if (!options.force && (await hasCatalog(db))) return NOT_SEEDED;
  // Pictures first: file work never runs inside a database transaction.
  const images = await generateDemoImages(options.uploadDir, DEMO_CATALOG);
  const now = options.now ?? nowIso();
  return inTransaction(db, async (trx) => {
    // The emptiness check and the seed under one lock: on PostgreSQL two transactions would both see
    // an empty catalogue (read committed) and both seed it. SQLite runs one writer at a time anyway.
    if (dialectOf(trx) === 'postgres') {
      await sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`.execute(trx);
    }
    if (options.force) {
      for (const table of FORCE_CLEARED) await trx.deleteFrom(table).execute();
    } else if (await hasCatalog(trx)) {
      // Another seeder (or a shop owner) got there while the pictures were drawn.
      return NOT_SEEDED;
    }

    const categoryIds = new Map<number, number>();
    for (const category of DEMO_CATALOG.categories) {
      const icon = images.categoryIcons[category.index - 1] ?? null;
      const created = await createCategory(
        trx,
        { name: category.name, icon, sortOrder: category.index * 10 },
        now,
      );
      categoryIds.set(category.index, created.id);
    }

    let pictureCount = images.categoryIcons.length;
    for (const product of DEMO_CATALOG.products) {
      const pictures = images.productImages[product.index - 1] ?? [];
      pictureCount += pictures.length;
      const input = ProductInputSchema.parse({
        title: product.title,
        subtitle: product.subtitle,
        description: product.description,
        categoryId: categoryIds.get(product.categoryIndex) ?? null,
        tags: product.tags,
        images: pictures,
        onShelf: product.onShelf,
        skus: product.skus,
      });
      await createProduct(trx, input, now);
    }

    await trx
      .insertInto('search_synonyms')
      .values(
        SYNONYM_RULES.map((rule) => ({
          kind: rule.kind,
          terms: JSON.stringify(rule.terms),
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();

    // The shop profile is the owner's once set: only written when absent.
    await trx
      .insertInto('settings')
      .values({
        key: 'shop_profile',
        value: JSON.stringify(ShopProfileSchema.parse(DEMO_SHOP_PROFILE)),
        updated_at: now,
      })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();

    return {
      seeded: true,
      categories: DEMO_CATALOG.categories.length,
      products: DEMO_CATALOG.products.length,
      images: pictureCount,
    };
  });
}

/** Any category or product row at all, live or deleted. */
async function hasCatalog(db: Executor): Promise<boolean> {
  const category = await db.selectFrom('categories').select('id').limit(1).executeTakeFirst();
  if (category) return true;
  const product = await db.selectFrom('products').select('id').limit(1).executeTakeFirst();
  return product !== undefined;
}
