import type { SynonymRule } from '@weshop/core';

const same = (...terms: string[]): SynonymRule => ({ kind: 'equivalent', terms });
const covers = (broader: string, ...narrower: string[]): SynonymRule => ({
  kind: 'broader',
  terms: [broader, ...narrower],
});

/**
 * The demo's search synonyms. Equivalents mean the same thing both ways (连衣裙 = dress); a broader
 * term finds every narrower one (裙子 finds 连衣裙 and 半身裙) but not the other way round (连衣裙
 * does not bring in skirts). Each term is a word the catalogue uses in a title or a tag.
 */
export const SYNONYM_RULES: readonly SynonymRule[] = [
  same('连衣裙', 'dress'),
  same('半身裙', 'skirt'),
  same('口红', '唇膏', 'lipstick'),
  same('唇釉', '唇彩', 'lipgloss'),
  same('外套', 'coat'),
  same('夹克', 'jacket'),
  same('大衣', '呢子大衣', 'overcoat'),
  same('风衣', 'trench'),
  same('羽绒服', '羽绒', 'down', 'puffer'),
  same('T恤', 'tee', 't-shirt'),
  same('衬衫', '衬衣', 'shirt', 'blouse'),
  same('毛衣', 'sweater'),
  same('针织', 'knit'),
  same('卫衣', 'hoodie', 'sweatshirt'),
  same('裤子', 'pants', 'trousers'),
  same('牛仔裤', 'jeans'),
  same('牛仔', 'denim'),
  same('精华', '精华液', 'serum'),
  same('防晒霜', 'sunscreen'),
  same('碎花', 'floral'),
  same('婴儿', '宝宝', 'baby'),
  same('连体衣', '哈衣', '爬服', 'romper', 'onesie'),
  same('包包', 'bag'),
  same('鞋子', '鞋', 'shoes'),
  same('高跟鞋', 'heels'),
  same('帽子', 'hat'),
  same('红色', 'red'),
  same('黑色', 'black'),
  same('白色', 'white'),
  covers('裙子', '连衣裙', '半身裙', '长裙', '短裙'),
  covers('外套', '大衣', '风衣', '夹克', '羽绒服'),
  covers('上衣', '衬衫', 'T恤', '卫衣'),
  covers('裤子', '牛仔裤', '长裤', '阔腿裤', '运动裤'),
];
