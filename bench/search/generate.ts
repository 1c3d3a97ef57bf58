/**
 * Deterministic synthetic catalogue for the search benchmark: realistic Chinese titles, subtitles and
 * descriptions with English tags, drawn from the demo catalogue's vocabulary (packages/db/src/seed/
 * catalog-data). Product `i` depends only on (seed, i), so the generator has random access and the
 * same size always produces the same catalogue.
 *
 * Each product has one "kind" (28 kinds, about 3.5 % each; 连衣裙 twice that) whose noun sits at the
 * end of the title's main phrase, preceded by colour, material and (for some kinds) a print:
 * "法式 红色雪纺碎花连衣裙 收腰显瘦 中长款". So every common keyword matches a few per cent of the
 * catalogue, and the 4-character phrases (碎花连衣裙, 羊毛大衣) appear contiguously in a fraction of it.
 */
import { CATEGORIES, KINDS } from './kinds.ts';
import type { Kind } from './kinds.ts';
import { COLOURS, GENERIC_SENTENCES, PRINT_TAGS, SEASONS, STYLES, SUBTITLE_PHRASES } from './vocabulary.ts';
import { seededRandom } from '@weshop/core/testing';

/** Seed of product `i`'s own stream (a 32-bit mix of the catalogue seed and the index). */
function productSeed(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function weightedKinds(): Kind[] {
  return KINDS.flatMap((kind) => Array.from({ length: kind.weight ?? 1 }, () => kind));
}
const KIND_TABLE = weightedKinds();

export const CATEGORY_NAMES: readonly string[] = CATEGORIES;

export interface GeneratedSku {
  spec: Record<string, string>;
  priceFen: number;
  stock: number;
}

export interface GeneratedProduct {
  /** 1-based; also the row id. */
  id: number;
  /** Index into CATEGORY_NAMES. */
  categoryIndex: number;
  title: string;
  subtitle: string;
  description: string;
  tags: string[];
  onShelf: boolean;
  deleted: boolean;
  salesCount: number;
  skus: GeneratedSku[];
}

/** Product `i` (0-based) of the catalogue with this seed; the row id is `i + 1`. */
export function generateProduct(seed: number, i: number): GeneratedProduct {
  const random = seededRandom(productSeed(seed, i));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const kind = pick(KIND_TABLE);
  const [colour, colourTag] = pick(COLOURS);
  const [style, styleTag] = pick(STYLES);
  const [season, seasonTag] = pick(SEASONS);
  const material = pick(kind.materials);
  const noun = pick(kind.nouns);
  const print = kind.prints && random() < 0.3 ? pick(kind.prints) : '';
  const withColour = kind.category !== '美妆' || random() < 0.3;
  const point1 = pick(kind.points);
  const point2 = pick(kind.points);
  const points = point1 === point2 ? point1 : `${point1} ${point2}`;
  const title = `${style} ${random() < 0.4 ? season + ' ' : ''}${withColour ? colour : ''}${material}${print}${noun} ${points}`;
  const subtitle = [pick(SUBTITLE_PHRASES), pick(SUBTITLE_PHRASES), pick(SUBTITLE_PHRASES)].join(' · ');
  const sentences = [pick(kind.sentences), pick(GENERIC_SENTENCES), pick(GENERIC_SENTENCES)];
  const description = [...new Set(sentences)].join('');

  const tags = new Set<string>(kind.tags);
  if (withColour) tags.add(colourTag);
  if (print) tags.add(PRINT_TAGS[print] ?? 'print');
  if (random() < 0.6) tags.add(styleTag);
  if (random() < 0.5) tags.add(seasonTag);

  // Long-tailed sales: most products sell little, a few sell a lot.
  const salesCount = Math.floor(Math.pow(random(), 4) * 20000);
  const skuCount = kind.sizes.length > 1 && random() < 0.5 ? 2 : 1;
  const skus: GeneratedSku[] = [];
  const firstSize = Math.floor(random() * kind.sizes.length);
  for (let s = 0; s < skuCount; s++) {
    const size = kind.sizes[(firstSize + s) % kind.sizes.length]!;
    skus.push({
      spec: kind.category === '美妆' ? { 色号: size } : { 颜色: colour, 尺码: size },
      priceFen: kind.price + s * 1000,
      stock: random() < 0.2 ? 0 : 1 + Math.floor(random() * 200),
    });
  }
  return {
    id: i + 1,
    categoryIndex: CATEGORIES.indexOf(kind.category as (typeof CATEGORIES)[number]),
    title,
    subtitle,
    description,
    tags: [...tags],
    onShelf: random() >= 0.03,
    deleted: random() < 0.005,
    salesCount,
    skus,
  };
}
