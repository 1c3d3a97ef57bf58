import type { SkuInput } from '@weshop/core';
import { colourHex } from './palette.ts';
import type { Art, CategorySource, Pattern, ProductSource } from './types.ts';

export interface DemoCategory {
  /** 1-based position: names the icon c<index>.png. */
  index: number;
  name: string;
  art: Art;
  /** Icon colour (hex). */
  colour: string;
}

/** One picture of a product: the illustration in a colour, in one of two compositions. */
export interface DemoPicture {
  colour: string;
  variant: 0 | 1;
}

export interface DemoProduct {
  /** 1-based position over the whole catalogue: names its pictures p<index>-<n>.jpg. */
  index: number;
  /** 1-based index of its category. */
  categoryIndex: number;
  title: string;
  subtitle: string;
  description: string;
  tags: string[];
  onShelf: boolean;
  art: Art;
  pattern: Pattern | null;
  pictures: DemoPicture[];
  skus: SkuInput[];
}

export interface DemoCatalog {
  categories: DemoCategory[];
  products: DemoProduct[];
}

const MAX_DEMO_SKUS = 6;
const MAX_PICTURES = 3;

/** Small deterministic PRNG (mulberry32): the same seed always gives the same catalogue. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildCatalog(sources: readonly CategorySource[]): DemoCatalog {
  const categories: DemoCategory[] = [];
  const products: DemoProduct[] = [];
  sources.forEach((source, c) => {
    categories.push({ index: c + 1, name: source.name, art: source.art, colour: colourHex(source.colour) });
    for (const product of source.products) {
      products.push(buildProduct(product, products.length + 1, c + 1, source.art));
    }
  });
  return { categories, products };
}

function buildProduct(
  source: ProductSource,
  index: number,
  categoryIndex: number,
  categoryArt: Art,
): DemoProduct {
  const random = seededRandom(index * 7919 + 17);
  const skus = buildSkus(source, random);
  if (skus.length < 1 || skus.length > MAX_DEMO_SKUS) {
    throw new Error(`demo product "${source.title}" has ${skus.length} SKUs (1–${MAX_DEMO_SKUS})`);
  }
  return {
    index,
    categoryIndex,
    title: source.title,
    subtitle: source.subtitle,
    description: source.description,
    tags: source.tags,
    onShelf: source.onShelf ?? true,
    art: source.art ?? categoryArt,
    pattern: source.pattern ?? null,
    pictures: buildPictures(source),
    skus,
  };
}

function buildSkus(source: ProductSource, random: () => number): SkuInput[] {
  const colourKey = source.colourKey ?? '颜色';
  const sizeKey = source.sizeKey ?? '尺码';
  const colours: (string | null)[] = source.colours?.length ? source.colours : [null];
  const sizes: (string | null)[] = source.sizes?.length ? source.sizes : [null];
  const skus: SkuInput[] = [];
  for (const colour of colours) {
    sizes.forEach((size, s) => {
      const spec: Record<string, string> = {};
      if (colour !== null) spec[colourKey] = colour;
      if (size !== null) spec[sizeKey] = size;
      skus.push({ spec, priceFen: source.prices?.[s] ?? source.price, stock: stockFor(source, random) });
    });
  }
  // A product that is not meant to be sold out keeps at least one SKU in stock.
  const first = skus[0];
  if (!source.soldOut && first && skus.every((sku) => sku.stock === 0)) first.stock = 12;
  return skus;
}

/** Mostly 5–200, now and then 0 (a size that sold out). */
function stockFor(source: ProductSource, random: () => number): number {
  const roll = random();
  const amount = 5 + Math.floor(random() * 196);
  if (source.soldOut || roll < 0.05) return 0;
  return amount;
}

function buildPictures(source: ProductSource): DemoPicture[] {
  const names = source.colours?.length ? source.colours : source.tint ? [source.tint] : [];
  const colours = names.slice(0, MAX_PICTURES).map(colourHex);
  if (colours.length === 0) throw new Error(`demo product "${source.title}" has neither colours nor a tint`);
  const [cover] = colours;
  // A single-colour product gets a second picture in the other composition.
  if (colours.length === 1 && cover)
    return [
      { colour: cover, variant: 0 },
      { colour: cover, variant: 1 },
    ];
  return colours.map((colour, n) => ({ colour, variant: n % 2 === 0 ? 0 : 1 }));
}
