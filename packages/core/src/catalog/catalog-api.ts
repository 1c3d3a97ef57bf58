/** The catalog routes' queries and answers (shop and admin), beyond the catalog's own types. */
import { z } from 'zod';
import { listSchema } from '../api-common.ts';
import { CursorQuerySchema, IdParamSchema, LimitQuerySchema } from '../pagination/pagination.ts';
import { CategorySchema, MAX_STOCK, ProductSummarySchema, PurchaseLimitSchema } from './catalog.ts';

/** The query of every product list (shop and admin). */
export const ProductListQuerySchema = z.object({
  q: z.string().max(1024).optional().meta({
    description: 'Search words (Chinese, English, synonyms; cut to 64 characters after normalising)',
  }),
  categoryId: IdParamSchema.optional(),
  cursor: CursorQuerySchema,
  limit: LimitQuerySchema,
});
export type ProductListQuery = z.infer<typeof ProductListQuerySchema>;

export const ProductPageSchema = z
  .object({
    items: z.array(ProductSummarySchema),
    nextCursor: z.string().nullable(),
    /** With `q`: how many products match in all (the page holds at most `limit`). */
    total: z.int().optional(),
  })
  .meta({ id: 'ProductPage' });
export type ProductPage = z.infer<typeof ProductPageSchema>;

export const CategoryListSchema = listSchema(CategorySchema);

/** A staff stock change: restock (positive) or write off (negative), never zero. */
export const StockChangeSchema = z
  .object({
    delta: z
      .int({ error: 'must be a whole number' })
      .min(-MAX_STOCK)
      .max(MAX_STOCK)
      .refine((n) => n !== 0, { error: 'must not be zero' }),
  })
  .meta({ id: 'StockChange' });
export type StockChange = z.infer<typeof StockChangeSchema>;

export const StockLevelSchema = z.object({ skuId: z.int(), stock: z.int().min(0) });
export type StockLevel = z.infer<typeof StockLevelSchema>;

/** A staff change of a product's purchase limit (限购); null removes it. */
export const PurchaseLimitInputSchema = z
  .object({ purchaseLimit: PurchaseLimitSchema })
  .meta({ id: 'PurchaseLimitInput' });
export type PurchaseLimitInput = z.infer<typeof PurchaseLimitInputSchema>;
