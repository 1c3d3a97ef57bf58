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
  /**
   * The first results, in order: the top 3 (fewer when fewer are found), as ranked by the rules of
   * core's rank.ts (in stock, score, sales, newest) and checked by hand to be what a fan expects.
   */
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
  { query: '连衣裙', kind: 'category', find: DRESSES, top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'] },
  { query: '外套', kind: 'category', find: COATS, top: ['冰丝防晒衣', '长款针织开衫外套', '红色毛呢外套'] },
  {
    query: '上衣',
    kind: 'category',
    find: TOPS,
    allow: ['条纹衬衫裙'],
    top: ['雪纺飘带衬衫', '字母印花短袖T恤', '加绒连帽卫衣'],
  },
  { query: '口红', kind: 'synonyms', find: LIPS, top: ['丝绒哑光口红', '滋润保湿唇膏', '镜面水光唇釉'] },
  {
    query: '婴儿',
    kind: 'synonyms',
    find: BABY,
    allow: ['儿童卡通卫衣'],
    top: ['婴儿学步鞋', '宝宝润肤乳', '婴儿护臀膏'],
  },
  {
    query: '宝宝',
    kind: 'synonyms',
    find: BABY,
    allow: ['儿童卡通卫衣'],
    top: ['婴儿学步鞋', '宝宝润肤乳', '宝宝牛仔背带裤'],
  },
  // Synonyms both ways.
  {
    query: 'dress',
    kind: 'english synonym',
    find: DRESSES,
    top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'],
  },
  {
    query: 'Dress',
    kind: 'english synonym',
    find: DRESSES,
    top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'],
  },
  {
    query: 'lipstick',
    kind: 'english synonym',
    find: LIPS,
    top: ['滋润保湿唇膏', '丝绒哑光口红', '镜面水光唇釉'],
  },
  { query: '唇膏', kind: 'synonyms', find: LIPS, top: ['滋润保湿唇膏', '丝绒哑光口红', '镜面水光唇釉'] },
  {
    query: 'skirt',
    kind: 'english synonym',
    find: SKIRTS,
    top: ['针织半身裙', '牛仔半身裙', '红色缎面半身裙'],
  },
  {
    query: 'coat',
    kind: 'english synonym',
    find: COATS,
    top: ['冰丝防晒衣', '长款针织开衫外套', '红色毛呢外套'],
  },
  { query: 'jacket', kind: 'english', find: JACKETS, top: ['短款牛仔夹克', '冰丝防晒衣', '宽松西装外套'] },
  // Broader and narrower terms.
  {
    query: '裙子',
    kind: 'broader',
    find: [...DRESSES, ...SKIRTS],
    top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'],
  },
  { query: '半身裙', kind: 'narrower', find: SKIRTS, top: ['针织半身裙', '牛仔半身裙', '红色缎面半身裙'] },
  { query: '短裙', kind: 'narrower', find: ['牛仔半身裙'], top: ['牛仔半身裙'] },
  { query: '长裙', kind: 'narrower', find: ['碎花吊带长裙'], allow: ['针织半身裙'], top: ['碎花吊带长裙'] },
  {
    query: '大衣',
    kind: 'narrower',
    find: ['双面羊绒大衣', '红色毛呢外套'],
    top: ['红色毛呢外套', '双面羊绒大衣'],
  },
  { query: '风衣', kind: 'narrower', find: ['英伦双排扣风衣'], top: ['英伦双排扣风衣'] },
  {
    query: '夹克',
    kind: 'narrower',
    find: ['短款牛仔夹克'],
    allow: JACKETS,
    top: ['短款牛仔夹克', '冰丝防晒衣', '宽松西装外套'],
  },
  { query: '羽绒服', kind: 'narrower', find: ['轻薄羽绒服'], top: ['轻薄羽绒服'] },
  {
    query: '衬衫',
    kind: 'narrower',
    find: SHIRTS,
    allow: ['条纹衬衫裙'],
    top: ['雪纺飘带衬衫', '真丝缎面衬衫', '法式碎花衬衫'],
  },
  { query: 'T恤', kind: 'narrower', find: TEES, top: ['字母印花短袖T恤', '条纹长袖T恤', '纯棉基础款T恤'] },
  {
    query: '卫衣',
    kind: 'narrower',
    find: ['加绒连帽卫衣', '儿童卡通卫衣'],
    top: ['儿童卡通卫衣', '加绒连帽卫衣'],
  },
  {
    query: '毛衣',
    kind: 'narrower',
    find: ['马海毛高领毛衣', '红色针织开衫'],
    allow: ['针织长袖连衣裙', '长款针织开衫外套'],
    top: ['马海毛高领毛衣', '红色针织开衫', '针织长袖连衣裙'],
  },
  {
    query: '裤子',
    kind: 'broader',
    find: TROUSERS,
    allow: ['宝宝牛仔背带裤'],
    top: ['束脚休闲运动裤', '高腰直筒牛仔裤', '高腰阔腿裤'],
  },
  { query: '牛仔裤', kind: 'narrower', find: ['高腰直筒牛仔裤'], top: ['高腰直筒牛仔裤'] },
  {
    query: '牛仔',
    kind: 'material',
    find: ['高腰直筒牛仔裤', '牛仔半身裙', '短款牛仔夹克', '宝宝牛仔背带裤'],
    top: ['宝宝牛仔背带裤', '短款牛仔夹克', '牛仔半身裙'],
  },
  { query: '鞋', kind: 'single character', find: SHOES, top: ['红色尖头高跟鞋', '英伦乐福鞋', '厚底小白鞋'] },
  { query: '高跟鞋', kind: 'narrower', find: ['红色尖头高跟鞋'], top: ['红色尖头高跟鞋'] },
  { query: '包包', kind: 'synonyms', find: BAGS, top: ['手工草编包', '链条小方包', '大容量帆布托特包'] },
  { query: '帽子', kind: 'synonyms', find: ['纯棉渔夫帽', '羊毛贝雷帽'], top: ['羊毛贝雷帽', '纯棉渔夫帽'] },
  { query: '防晒霜', kind: 'narrower', find: ['清爽防晒霜'], top: ['清爽防晒霜'] },
  // Colours and items, two terms, segmentation.
  {
    query: '红色连衣裙',
    kind: 'segmentation',
    find: RED_DRESSES,
    top: ['红色吊带连衣裙', '红色丝绒连衣裙', '复古红色碎花连衣裙'],
  },
  {
    query: '红色 连衣裙',
    kind: 'two terms',
    find: RED_DRESSES,
    top: ['红色吊带连衣裙', '红色丝绒连衣裙', '复古红色碎花连衣裙'],
  },
  {
    query: '碎花连衣裙',
    kind: 'segmentation',
    find: FLORAL_DRESSES,
    top: ['小清新碎花连衣裙', '复古红色碎花连衣裙', '女宝宝碎花连衣裙'],
  },
  { query: '碎花半身裙', kind: 'segmentation', find: ['碎花半身裙'], top: ['碎花半身裙'] },
  { query: '婴儿连体衣', kind: 'segmentation', find: ROMPERS, top: ['婴儿纯棉连体衣', '宝宝短袖爬服'] },
  { query: '黑色连衣裙', kind: 'segmentation', find: ['赫本风小黑裙'], top: ['赫本风小黑裙'] },
  {
    query: 'floral dress',
    kind: 'english two terms',
    find: FLORAL_DRESSES,
    top: ['小清新碎花连衣裙', '复古红色碎花连衣裙', '法式碎花雪纺连衣裙'],
  },
  {
    query: 'red dress',
    kind: 'english two terms',
    find: RED_DRESSES,
    top: ['红色吊带连衣裙', '红色丝绒连衣裙', '复古红色碎花连衣裙'],
  },
  // Traditional characters.
  {
    query: '連衣裙',
    kind: 'traditional',
    find: DRESSES,
    top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'],
  },
  { query: '連體衣', kind: 'traditional', find: ROMPERS, top: ['婴儿纯棉连体衣', '宝宝短袖爬服'] },
  // Pinyin: full, initials, mixed.
  { query: 'lianyiqun', kind: 'pinyin', find: DRESSES, top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'] },
  { query: 'lyq', kind: 'initials', find: DRESSES, top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'] },
  {
    query: 'lian衣裙',
    kind: 'mixed pinyin',
    find: DRESSES,
    top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'],
  },
  { query: 'kouhong', kind: 'pinyin', find: LIPS, top: ['滋润保湿唇膏', '丝绒哑光口红', '镜面水光唇釉'] },
  { query: 'waitao', kind: 'pinyin', find: COATS, top: ['冰丝防晒衣', '长款针织开衫外套', '红色毛呢外套'] },
  { query: 'yurongfu', kind: 'pinyin', find: ['轻薄羽绒服'], top: ['轻薄羽绒服'] },
  // English typos.
  { query: 'dres', kind: 'typo', find: DRESSES, top: ['红色吊带连衣裙', '条纹衬衫裙', '波点茶歇裙'] },
  { query: 'lipstik', kind: 'typo', find: LIPS, top: ['滋润保湿唇膏', '丝绒哑光口红', '镜面水光唇釉'] },
  { query: 'skrit', kind: 'typo', find: SKIRTS, top: ['针织半身裙', '牛仔半身裙', '红色缎面半身裙'] },
  { query: 'jakcet', kind: 'typo', find: JACKETS, top: ['短款牛仔夹克', '冰丝防晒衣', '宽松西装外套'] },
  // Nonsense and off shelf.
  { query: 'qqzzxxvv', kind: 'nonsense', find: [] },
  { query: '手机', kind: 'nonsense', find: [] },
  { query: '！！！', kind: 'nonsense', find: [] },
  { query: '盘扣', kind: 'off shelf', find: [] },
];
