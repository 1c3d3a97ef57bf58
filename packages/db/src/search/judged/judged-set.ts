/**
 * The judged set: queries a fan types at the demo shop (packages/db/src/seed/catalog-data), each with
 * the products it must find. A product is named by its key, the first space-separated word of its
 * title (unique in the demo catalogue), never by a database id. Every on-shelf product a query finds
 * that is neither in `find` nor in `allow` is a wrong result; `allow` lists the defensible extras
 * (counted neither way). `top` pins the first results in order. judged-set.test.ts scores the whole
 * set on every database.
 */

export interface Judgement {
  query: string;
  /** What the query is about (categories, synonyms, pinyin, typo …), for the report. */
  kind: string;
  /** Products that must be found. */
  find: readonly string[];
  /** Products that may be found or not. */
  allow?: readonly string[];
  /** The first results, in order (at most 3; fewer when fewer must be found). */
  top?: readonly string[];
}

/** The product key: the first word of the title. */
export const productKey = (title: string): string => title.split(' ')[0] ?? title;

const RED_DRESSES = ['复古红色碎花连衣裙', '红色丝绒连衣裙', '红色吊带连衣裙'];
const FLORAL_DRESSES = [
  '法式碎花雪纺连衣裙',
  '复古红色碎花连衣裙',
  '小清新碎花连衣裙',
  '碎花吊带长裙',
  '女宝宝碎花连衣裙',
];
const DRESSES = [
  ...new Set([
    ...RED_DRESSES,
    ...FLORAL_DRESSES,
    '赫本风小黑裙',
    '针织长袖连衣裙',
    '波点茶歇裙',
    '条纹衬衫裙',
  ]),
];
const SKIRTS = ['碎花半身裙', '百褶半身裙', '红色缎面半身裙', '牛仔半身裙', '针织半身裙'];
const COATS = [
  '双面羊绒大衣',
  '英伦双排扣风衣',
  '短款牛仔夹克',
  '轻薄羽绒服',
  '小香风粗花呢外套',
  '宽松西装外套',
  '红色毛呢外套',
  '长款针织开衫外套',
  '冰丝防晒衣',
];
const JACKETS = ['短款牛仔夹克', '轻薄羽绒服', '小香风粗花呢外套', '宽松西装外套', '冰丝防晒衣'];
const LIPS = ['丝绒哑光口红', '滋润保湿唇膏', '镜面水光唇釉'];
const TEES = ['纯棉基础款T恤', '条纹长袖T恤', '字母印花短袖T恤'];
const SHIRTS = ['法式碎花衬衫', '真丝缎面衬衫', '雪纺飘带衬衫'];
const TOPS = [
  ...TEES,
  ...SHIRTS,
  '红色针织开衫',
  '马海毛高领毛衣',
  '蕾丝吊带背心',
  '加绒连帽卫衣',
  '儿童卡通卫衣',
];
const ROMPERS = ['婴儿纯棉连体衣', '宝宝短袖爬服'];
const BABY = [
  ...ROMPERS,
  '女宝宝碎花连衣裙',
  '新生儿礼盒',
  '宝宝牛仔背带裤',
  '婴儿护臀膏',
  '宝宝润肤乳',
  '婴儿学步鞋',
];
const SHOES = ['复古玛丽珍鞋', '厚底小白鞋', '英伦乐福鞋', '红色尖头高跟鞋', '婴儿学步鞋'];
const BAGS = ['复古腋下包', '大容量帆布托特包', '链条小方包', '手工草编包'];
const TROUSERS = ['高腰阔腿裤', '高腰直筒牛仔裤', '鲨鱼裤', '束脚休闲运动裤'];

export const JUDGED_SET: readonly Judgement[] = [
  // Categories and their own words.
  { query: '连衣裙', kind: 'category', find: DRESSES },
  { query: '外套', kind: 'category', find: COATS },
  { query: '上衣', kind: 'category', find: TOPS, allow: ['条纹衬衫裙'] },
  { query: '口红', kind: 'synonyms', find: LIPS },
  { query: '婴儿', kind: 'synonyms', find: BABY, allow: ['儿童卡通卫衣'] },
  { query: '宝宝', kind: 'synonyms', find: BABY, allow: ['儿童卡通卫衣'] },
  // Synonyms both ways.
  { query: 'dress', kind: 'english synonym', find: DRESSES },
  { query: 'Dress', kind: 'english synonym', find: DRESSES },
  { query: 'lipstick', kind: 'english synonym', find: LIPS },
  { query: '唇膏', kind: 'synonyms', find: LIPS },
  { query: 'skirt', kind: 'english synonym', find: SKIRTS },
  { query: 'coat', kind: 'english synonym', find: COATS },
  { query: 'jacket', kind: 'english', find: JACKETS },
  // Broader and narrower terms.
  { query: '裙子', kind: 'broader', find: [...DRESSES, ...SKIRTS] },
  { query: '半身裙', kind: 'narrower', find: SKIRTS },
  { query: '短裙', kind: 'narrower', find: ['牛仔半身裙'] },
  { query: '长裙', kind: 'narrower', find: ['碎花吊带长裙'], allow: ['针织半身裙'] },
  { query: '大衣', kind: 'narrower', find: ['双面羊绒大衣', '红色毛呢外套'] },
  { query: '风衣', kind: 'narrower', find: ['英伦双排扣风衣'] },
  { query: '夹克', kind: 'narrower', find: ['短款牛仔夹克'], allow: JACKETS },
  { query: '羽绒服', kind: 'narrower', find: ['轻薄羽绒服'] },
  { query: '衬衫', kind: 'narrower', find: SHIRTS, allow: ['条纹衬衫裙'] },
  { query: 'T恤', kind: 'narrower', find: TEES },
  { query: '卫衣', kind: 'narrower', find: ['加绒连帽卫衣', '儿童卡通卫衣'] },
  {
    query: '毛衣',
    kind: 'narrower',
    find: ['马海毛高领毛衣', '红色针织开衫'],
    allow: ['针织长袖连衣裙', '长款针织开衫外套'],
  },
  { query: '裤子', kind: 'broader', find: TROUSERS, allow: ['宝宝牛仔背带裤'] },
  { query: '牛仔裤', kind: 'narrower', find: ['高腰直筒牛仔裤'] },
  {
    query: '牛仔',
    kind: 'material',
    find: ['高腰直筒牛仔裤', '牛仔半身裙', '短款牛仔夹克', '宝宝牛仔背带裤'],
  },
  { query: '鞋', kind: 'single character', find: SHOES },
  { query: '高跟鞋', kind: 'narrower', find: ['红色尖头高跟鞋'] },
  { query: '包包', kind: 'synonyms', find: BAGS },
  { query: '帽子', kind: 'synonyms', find: ['纯棉渔夫帽', '羊毛贝雷帽'] },
  { query: '防晒霜', kind: 'narrower', find: ['清爽防晒霜'] },
  // Colours and items, two terms, segmentation.
  { query: '红色连衣裙', kind: 'segmentation', find: RED_DRESSES },
  { query: '红色 连衣裙', kind: 'two terms', find: RED_DRESSES },
  { query: '碎花连衣裙', kind: 'segmentation', find: FLORAL_DRESSES },
  { query: '碎花半身裙', kind: 'segmentation', find: ['碎花半身裙'] },
  { query: '婴儿连体衣', kind: 'segmentation', find: ROMPERS },
  { query: '黑色连衣裙', kind: 'segmentation', find: ['赫本风小黑裙'] },
  { query: 'floral dress', kind: 'english two terms', find: FLORAL_DRESSES },
  { query: 'red dress', kind: 'english two terms', find: RED_DRESSES },
  // Traditional characters.
  { query: '連衣裙', kind: 'traditional', find: DRESSES },
  { query: '連體衣', kind: 'traditional', find: ROMPERS },
  // Pinyin: full, initials, mixed.
  { query: 'lianyiqun', kind: 'pinyin', find: DRESSES },
  { query: 'lyq', kind: 'initials', find: DRESSES },
  { query: 'lian衣裙', kind: 'mixed pinyin', find: DRESSES },
  { query: 'kouhong', kind: 'pinyin', find: LIPS },
  { query: 'waitao', kind: 'pinyin', find: COATS },
  { query: 'yurongfu', kind: 'pinyin', find: ['轻薄羽绒服'] },
  // English typos.
  { query: 'dres', kind: 'typo', find: DRESSES },
  { query: 'lipstik', kind: 'typo', find: LIPS },
  { query: 'skrit', kind: 'typo', find: SKIRTS },
  { query: 'jakcet', kind: 'typo', find: JACKETS },
  // Nonsense and off shelf.
  { query: 'qqzzxxvv', kind: 'nonsense', find: [] },
  { query: '手机', kind: 'nonsense', find: [] },
  { query: '！！！', kind: 'nonsense', find: [] },
  { query: '盘扣', kind: 'off shelf', find: [] },
];
