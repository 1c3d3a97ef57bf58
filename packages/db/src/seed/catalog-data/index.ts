import { accessories } from './accessories.ts';
import { baby } from './baby.ts';
import { beauty } from './beauty.ts';
import { bottoms } from './bottoms.ts';
import { buildCatalog } from './build.ts';
import type { DemoCatalog } from './build.ts';
import { coats } from './coats.ts';
import { dresses } from './dresses.ts';
import { tops } from './tops.ts';

export type { DemoCatalog, DemoCategory, DemoPicture, DemoProduct } from './build.ts';
export type { Art, Pattern } from './types.ts';
export { SYNONYM_RULES } from './synonyms.ts';
export { PALETTE } from './palette.ts';

/** The demo shop: categories in display order, products numbered across categories. */
export const DEMO_CATALOG: DemoCatalog = buildCatalog([
  dresses,
  tops,
  bottoms,
  coats,
  beauty,
  baby,
  accessories,
]);

/** Shown in the H5 shop header; written only when the shop has no profile yet. */
export const DEMO_SHOP_PROFILE = {
  name: '芊芊小铺',
  slogan: '温柔穿搭 · 精致好物 · 宝宝也有份',
  servicePhone: '',
};
