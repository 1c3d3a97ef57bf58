import type { ColourName } from './palette.ts';

/** The flat illustration a product's pictures show. */
export type Art =
  | 'dress'
  | 'top'
  | 'knit'
  | 'trousers'
  | 'skirt'
  | 'coat'
  | 'jacket'
  | 'lipstick'
  | 'bottle'
  | 'jar'
  | 'onesie'
  | 'bag'
  | 'shoe'
  | 'heel'
  | 'hat';

/** A print laid over the garment. */
export type Pattern = 'floral' | 'dots' | 'stripes';

/** A product as written in the data files; build.ts turns it into SKUs. */
export interface ProductSource {
  title: string;
  subtitle: string;
  description: string;
  /** English search tags. */
  tags: string[];
  /** Price in fen of every SKU, unless `prices` gives one per size. */
  price: number;
  /** Prices in fen per size, in the order of `sizes` (e.g. 30ml / 50ml). */
  prices?: number[];
  /** First spec dimension. Omit, with `sizes`, for a single SKU with spec `{}`. */
  colours?: ColourName[];
  /** Name of the colour dimension: 颜色 (default) or 色号. */
  colourKey?: string;
  /** Second spec dimension (S/M/L, 66/73/80, 30ml/50ml, 36/37/38). */
  sizes?: string[];
  /** Name of the size dimension: 尺码 (default) or 规格. */
  sizeKey?: string;
  /** Picture colour when the product has no colour option. */
  tint?: ColourName;
  /** Illustration; the category's by default. */
  art?: Art;
  pattern?: Pattern;
  onShelf?: boolean;
  /** Every SKU at stock 0. */
  soldOut?: boolean;
}

export interface CategorySource {
  name: string;
  art: Art;
  /** Colour of the category icon. */
  colour: ColourName;
  products: ProductSource[];
}
