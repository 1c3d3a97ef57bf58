import { z } from 'zod';
import { IdSchema, ImageUrlSchema, TimestampSchema, text } from '../common.ts';
import { FenSchema } from '../money/money.ts';

export const MAX_STOCK = 1_000_000;
export const MAX_SKUS_PER_PRODUCT = 100;
export const MAX_IMAGES_PER_PRODUCT = 9;
export const MAX_PURCHASE_LIMIT = 9999;

/**
 * 限购: at most this many units of a product per fan, over all their orders that hold or delivered
 * the goods (PURCHASE_LIMIT_STATUSES) and in their cart; null means no limit.
 */
export const PurchaseLimitSchema = z
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(MAX_PURCHASE_LIMIT, { error: `must be at most ${MAX_PURCHASE_LIMIT}` })
  .nullable()
  .meta({ description: 'At most this many units per fan (限购); null for no limit' });

export const CategorySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    icon: z.string().nullable(),
    sortOrder: z.int(),
    productCount: z.int(),
  })
  .meta({ id: 'Category' });
export type Category = z.infer<typeof CategorySchema>;

export const CategoryInputSchema = z.object({
  name: text(1, 20),
  icon: ImageUrlSchema.nullable().optional(),
  sortOrder: z.int().min(-1000).max(1000).optional(),
});
export type CategoryInput = z.infer<typeof CategoryInputSchema>;

/**
 * SKU spec values in display order, e.g. `{ "颜色": "雾霾蓝", "尺码": "M" }`. A product with a single
 * SKU and no options has `{}`.
 */
export const SpecSchema = z
  .record(text(1, 10), text(1, 20))
  .refine((spec) => Object.keys(spec).length <= 3, { error: 'at most 3 spec dimensions' })
  .meta({ id: 'Spec', example: { 颜色: '雾霾蓝', 尺码: 'M' } });
export type Spec = z.infer<typeof SpecSchema>;

export const SkuSchema = z
  .object({
    id: IdSchema,
    spec: SpecSchema,
    priceFen: FenSchema,
    stock: z.int().min(0),
  })
  .meta({ id: 'Sku' });
export type Sku = z.infer<typeof SkuSchema>;

/** The options a fan picks from, derived from the SKUs: `[{ name: "颜色", values: ["黑", "白"] }]`. */
export const SpecOptionSchema = z
  .object({ name: z.string(), values: z.array(z.string()) })
  .meta({ id: 'SpecOption' });
export type SpecOption = z.infer<typeof SpecOptionSchema>;

export const ProductSummarySchema = z
  .object({
    id: IdSchema,
    title: z.string(),
    subtitle: z.string(),
    categoryId: IdSchema.nullable(),
    /** Lowest SKU price. */
    priceFen: FenSchema,
    /** Highest SKU price (equal to priceFen when every SKU costs the same). */
    maxPriceFen: FenSchema,
    image: z.string().nullable(),
    tags: z.array(z.string()),
    inStock: z.boolean(),
    onShelf: z.boolean(),
    salesCount: z.int(),
  })
  .meta({ id: 'ProductSummary' });
export type ProductSummary = z.infer<typeof ProductSummarySchema>;

export const ProductDetailSchema = ProductSummarySchema.extend({
  description: z.string(),
  purchaseLimit: PurchaseLimitSchema,
  images: z.array(z.string()),
  specOptions: z.array(SpecOptionSchema),
  skus: z.array(SkuSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
}).meta({ id: 'ProductDetail' });
export type ProductDetail = z.infer<typeof ProductDetailSchema>;

export const SkuInputSchema = z.object({
  spec: SpecSchema.default({}),
  priceFen: FenSchema,
  stock: z.int().min(0).max(MAX_STOCK),
});
export type SkuInput = z.infer<typeof SkuInputSchema>;

export const ProductInputSchema = z
  .object({
    title: text(1, 60),
    subtitle: text(0, 120).default(''),
    description: text(0, 5000).default(''),
    categoryId: IdSchema.nullable().optional(),
    tags: z.array(text(1, 30)).max(20).default([]),
    images: z.array(ImageUrlSchema).max(MAX_IMAGES_PER_PRODUCT).default([]),
    onShelf: z.boolean().default(true),
    purchaseLimit: PurchaseLimitSchema.optional(),
    skus: z.array(SkuInputSchema).min(1).max(MAX_SKUS_PER_PRODUCT),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.skus.forEach((sku, index) => {
      const key = specKey(sku.spec);
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['skus', index, 'spec'], message: 'duplicate spec' });
      }
      seen.add(key);
    });
  });
export type ProductInput = z.infer<typeof ProductInputSchema>;

/** A stable text key for a spec: the same options in the same order give the same key. */
export function specKey(spec: Spec): string {
  return JSON.stringify(Object.entries(spec));
}

/** Human label of a spec: `雾霾蓝 / M`. */
export function specLabel(spec: Spec): string {
  return Object.values(spec).join(' / ');
}

/** The pickable options of a product, in the order the SKUs first mention them. */
export function deriveSpecOptions(skus: readonly { spec: Spec }[]): SpecOption[] {
  const options = new Map<string, string[]>();
  for (const sku of skus) {
    for (const [name, value] of Object.entries(sku.spec)) {
      const values = options.get(name) ?? [];
      if (!values.includes(value)) values.push(value);
      options.set(name, values);
    }
  }
  return [...options].map(([name, values]) => ({ name, values }));
}

/** Lowest and highest price over the SKUs (0 for a product without any). */
export function priceRange(skus: readonly { priceFen: number }[]): { min: number; max: number } {
  if (skus.length === 0) return { min: 0, max: 0 };
  const prices = skus.map((sku) => sku.priceFen);
  return { min: Math.min(...prices), max: Math.max(...prices) };
}
