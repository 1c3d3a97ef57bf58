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

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seed of product `i`'s own stream (a 32-bit mix of the catalogue seed and the index). */
function productSeed(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

interface Kind {
  category: string;
  /** Nouns the title may end its main phrase with. */
  nouns: readonly string[];
  tags: readonly string[];
  materials: readonly string[];
  /** Prints placed right before the noun ("碎花连衣裙"); none for cosmetics. */
  prints?: readonly string[];
  /** Selling points appended to the title. */
  points: readonly string[];
  /** Kind-specific description sentences. */
  sentences: readonly string[];
  sizes: readonly string[];
  price: number;
  /** Relative frequency (1 ≈ 3.5 %). */
  weight?: number;
}

const PRINTS = ['碎花', '波点', '条纹', '格纹', '印花'];
const GARMENT_SIZES = ['S', 'M', 'L', 'XL'];
const FABRICS = ['雪纺', '纯棉', '棉麻', '真丝', '醋酸', '针织', '丝绒', '天丝'];

const CATEGORIES = ['连衣裙', '上衣', '裤装', '外套', '美妆', '母婴童装', '包袋配饰', '鞋靴'] as const;

const KINDS: readonly Kind[] = [
  {
    category: '连衣裙',
    nouns: ['连衣裙', '长裙', '吊带裙'],
    tags: ['dress'],
    materials: FABRICS,
    prints: PRINTS,
    points: ['收腰显瘦', '中长款', '方领泡泡袖', 'V领系带', '度假风', '气质通勤', '法式温柔', '小个子'],
    sentences: ['裙子长度刚好过膝，走路不会走光。', '裙摆随步伐轻轻摆动，约会通勤都合适。'],
    sizes: GARMENT_SIZES,
    price: 15900,
    weight: 2,
  },
  {
    category: '连衣裙',
    nouns: ['半身裙', '百褶裙', '短裙'],
    tags: ['skirt'],
    materials: ['雪纺', '针织', '牛仔', '缎面', '毛呢'],
    prints: PRINTS,
    points: ['高腰显瘦', 'A字版型', '中长款', '垂感好'],
    sentences: ['高腰设计拉长腿部比例，搭配短款上衣更显高。', '内衬防走光，不透不贴身。'],
    sizes: GARMENT_SIZES,
    price: 12900,
  },
  {
    category: '上衣',
    nouns: ['衬衫', '衬衣'],
    tags: ['shirt', 'blouse'],
    materials: ['纯棉', '真丝', '雪纺', '亚麻', '天丝'],
    prints: PRINTS,
    points: ['宽松百搭', '职场通勤', '法式复古', '泡泡袖'],
    sentences: ['领口挺括不变形，单穿或叠穿都好看。', '塞进裤腰或打结穿都很随性。'],
    sizes: GARMENT_SIZES,
    price: 13900,
  },
  {
    category: '上衣',
    nouns: ['T恤', '短袖', '打底衫'],
    tags: ['tee', 't-shirt'],
    materials: ['纯棉', '莫代尔', '冰丝', '精梳棉'],
    prints: ['条纹', '印花'],
    points: ['宽松显瘦', '基础百搭', '圆领', '夏季新款'],
    sentences: ['面料柔软亲肤，洗后不变形不起球。', '基础款一衣多搭，衣柜必备。'],
    sizes: GARMENT_SIZES,
    price: 6900,
  },
  {
    category: '上衣',
    nouns: ['毛衣', '针织衫', '开衫'],
    tags: ['sweater', 'knit', 'cardigan'],
    materials: ['羊毛', '羊绒', '马海毛', '针织'],
    prints: ['条纹', '格纹'],
    points: ['软糯亲肤', '慵懒风', '不扎不起球', '秋冬新款'],
    sentences: ['软糯针织不扎人，贴身穿也舒服。', '搭配半身裙或阔腿裤都很温柔。'],
    sizes: GARMENT_SIZES,
    price: 19900,
  },
  {
    category: '上衣',
    nouns: ['卫衣', '连帽卫衣'],
    tags: ['hoodie', 'sweatshirt'],
    materials: ['纯棉', '加绒', '毛圈'],
    prints: ['印花'],
    points: ['宽松oversize', '情侣款', '加绒加厚', '学院风'],
    sentences: ['加绒内里保暖不臃肿，秋冬单穿外搭都行。'],
    sizes: GARMENT_SIZES,
    price: 15900,
  },
  {
    category: '裤装',
    nouns: ['阔腿裤', '西装裤', '休闲裤'],
    tags: ['pants', 'trousers'],
    materials: ['垂感', '冰丝', '棉麻', '毛呢'],
    points: ['高腰显瘦', '垂感拖地', '九分', '直筒'],
    sentences: ['高腰设计遮肚显腿长，小个子也能穿。', '裤子垂感好不起皱，通勤休闲两用。'],
    sizes: GARMENT_SIZES,
    price: 12900,
  },
  {
    category: '裤装',
    nouns: ['牛仔裤', '直筒牛仔裤'],
    tags: ['jeans', 'denim'],
    materials: ['弹力', '复古水洗', '磨白'],
    points: ['高腰显瘦', '直筒', '微喇', '九分'],
    sentences: ['弹力牛仔面料，蹲下不紧绷。'],
    sizes: ['25', '26', '27', '28', '29'],
    price: 15900,
  },
  {
    category: '外套',
    nouns: ['外套', '西装外套', '牛仔外套', '夹克'],
    tags: ['coat', 'jacket'],
    materials: ['纯棉', '毛呢', '牛仔', '皮质', '灯芯绒'],
    points: ['宽松百搭', '短款', '春秋新款', '通勤'],
    sentences: ['短款外套拉高腰线，搭裙子或裤子都好看。', '内搭卫衣或衬衫都不显臃肿。'],
    sizes: GARMENT_SIZES,
    price: 29900,
  },
  {
    category: '外套',
    nouns: ['大衣', '呢子大衣', '长款大衣'],
    tags: ['overcoat', 'coat'],
    materials: ['羊毛', '羊绒', '双面呢', '毛呢'],
    points: ['双面呢', '过膝长款', '高级感', '秋冬新款'],
    sentences: ['双面羊毛面料保暖有型，不起球。', '茧型廓形遮肉显瘦，内搭毛衣刚好。'],
    sizes: GARMENT_SIZES,
    price: 59900,
  },
  {
    category: '外套',
    nouns: ['羽绒服', '短款羽绒服'],
    tags: ['down', 'puffer'],
    materials: ['白鸭绒', '白鹅绒', '轻薄'],
    points: ['加厚保暖', '面包服', '连帽', '冬季新款'],
    sentences: ['九十白鸭绒填充，轻盈保暖零下十度也不怕。'],
    sizes: GARMENT_SIZES,
    price: 49900,
  },
  {
    category: '外套',
    nouns: ['风衣', '中长款风衣'],
    tags: ['trench', 'coat'],
    materials: ['棉质', '防泼水', '垂感'],
    points: ['英伦风', '双排扣', '收腰系带', '春秋新款'],
    sentences: ['经典双排扣设计，腰带可调节收腰。'],
    sizes: GARMENT_SIZES,
    price: 39900,
  },
  {
    category: '美妆',
    nouns: ['口红', '唇膏', '哑光口红'],
    tags: ['lipstick', 'makeup'],
    materials: ['丝绒', '哑光', '滋润', '镜面'],
    points: ['显白不挑皮', '持久不沾杯', '黄皮友好', '礼盒装'],
    sentences: ['口红质地顺滑，一抹显色。', '滋润不拔干，薄涂厚涂都好看。'],
    sizes: ['R01 正红', 'N03 豆沙', 'N05 奶茶', '珊瑚'],
    price: 22900,
  },
  {
    category: '美妆',
    nouns: ['唇釉', '唇彩'],
    tags: ['lipgloss', 'makeup'],
    materials: ['镜面', '水光', '丝绒'],
    points: ['水光玻璃唇', '不沾杯', '显白'],
    sentences: ['水光质地，嘟嘟唇一抹就有。'],
    sizes: ['番茄红', '蜜桃', '珊瑚'],
    price: 15900,
  },
  {
    category: '美妆',
    nouns: ['面霜', '保湿霜'],
    tags: ['cream', 'skincare'],
    materials: ['保湿', '修护', '滋润'],
    points: ['补水保湿', '敏感肌可用', '50ml', '熬夜修护'],
    sentences: ['质地轻盈好吸收，早晚都能用。'],
    sizes: ['30ml', '50ml'],
    price: 26900,
  },
  {
    category: '美妆',
    nouns: ['精华液', '精华'],
    tags: ['serum', 'skincare'],
    materials: ['烟酰胺', '玻尿酸', '维C'],
    points: ['提亮肤色', '补水', '30ml'],
    sentences: ['精华液清爽不黏腻，提亮肤色。'],
    sizes: ['30ml', '50ml'],
    price: 32900,
  },
  {
    category: '美妆',
    nouns: ['防晒霜', '防晒乳'],
    tags: ['sunscreen', 'skincare'],
    materials: ['清爽', '轻薄', '水感'],
    points: ['SPF50+', '不假白', '军训必备'],
    sentences: ['清爽不油腻，出门前十五分钟涂抹。'],
    sizes: ['40ml', '60ml'],
    price: 16900,
  },
  {
    category: '母婴童装',
    nouns: ['婴儿连体衣', '宝宝连体衣', '婴儿爬服'],
    tags: ['baby', 'romper', 'onesie'],
    materials: ['纯棉', '竹纤维', '有机棉'],
    prints: ['印花', '条纹'],
    points: ['新生儿', '全开扣', '四季可穿', '哈衣'],
    sentences: ['全开扣设计，换尿布不用脱整件。', 'A类纯棉，宝宝贴身穿更安心。'],
    sizes: ['59', '66', '73', '80'],
    price: 6900,
  },
  {
    category: '母婴童装',
    nouns: ['婴儿睡袋', '宝宝睡袋'],
    tags: ['baby', 'sleepingbag'],
    materials: ['纯棉', '纱布', '夹棉'],
    points: ['防踢被', '四季通用', '分腿款'],
    sentences: ['宝宝晚上踢被子也不怕着凉。'],
    sizes: ['S', 'M', 'L'],
    price: 9900,
  },
  {
    category: '母婴童装',
    nouns: ['宝宝帽子', '婴儿帽'],
    tags: ['baby', 'hat'],
    materials: ['纯棉', '针织', '毛线'],
    points: ['护耳', '胎帽', '秋冬保暖'],
    sentences: ['柔软针织，护住宝宝的小耳朵。'],
    sizes: ['0-6月', '6-12月'],
    price: 3900,
  },
  {
    category: '包袋配饰',
    nouns: ['托特包', '帆布包', '单肩包'],
    tags: ['bag', 'tote'],
    materials: ['帆布', '真皮', 'PU'],
    points: ['大容量', '通勤', '可放电脑'],
    sentences: ['包包容量大，手机钥匙水杯都能装。'],
    sizes: ['大号', '小号'],
    price: 9900,
  },
  {
    category: '包袋配饰',
    nouns: ['斜挎包', '腋下包', '链条包'],
    tags: ['bag', 'crossbody'],
    materials: ['真皮', '牛皮', 'PU', '尼龙'],
    points: ['小众设计', '百搭', '轻便'],
    sentences: ['肩带可调节，单肩斜挎都方便。'],
    sizes: ['均码'],
    price: 19900,
  },
  {
    category: '包袋配饰',
    nouns: ['渔夫帽', '棒球帽', '帽子'],
    tags: ['hat'],
    materials: ['纯棉', '针织', '灯芯绒'],
    points: ['遮阳', '显脸小', '百搭'],
    sentences: ['帽檐适中，遮阳又显脸小。'],
    sizes: ['均码'],
    price: 5900,
  },
  {
    category: '包袋配饰',
    nouns: ['围巾', '披肩'],
    tags: ['scarf'],
    materials: ['羊毛', '羊绒', '真丝'],
    prints: ['格纹', '条纹'],
    points: ['保暖', '送礼', '百搭'],
    sentences: ['羊毛围巾软糯不扎，冬天围上很暖和。'],
    sizes: ['均码'],
    price: 12900,
  },
  {
    category: '鞋靴',
    nouns: ['帆布鞋', '小白鞋', '运动鞋'],
    tags: ['shoes', 'sneakers'],
    materials: ['帆布', '真皮', '网面'],
    points: ['百搭', '增高', '软底'],
    sentences: ['软底鞋子走一天也不累脚。'],
    sizes: ['36', '37', '38', '39'],
    price: 15900,
  },
  {
    category: '鞋靴',
    nouns: ['高跟鞋', '单鞋', '玛丽珍鞋'],
    tags: ['heels', 'shoes'],
    materials: ['羊皮', '漆皮', '绒面'],
    points: ['细跟', '通勤', '不磨脚'],
    sentences: ['鞋跟稳当不累脚，通勤约会都能穿。'],
    sizes: ['35', '36', '37', '38'],
    price: 25900,
  },
  {
    category: '鞋靴',
    nouns: ['短靴', '切尔西靴'],
    tags: ['boots', 'shoes'],
    materials: ['真皮', '绒面', '牛皮'],
    points: ['加绒', '显瘦', '粗跟'],
    sentences: ['粗跟短靴好走路，秋冬怎么搭都好看。'],
    sizes: ['36', '37', '38', '39'],
    price: 35900,
  },
  {
    category: '裤装',
    nouns: ['打底裤', '鲨鱼裤'],
    tags: ['leggings', 'pants'],
    materials: ['加绒', '弹力', '冰丝'],
    points: ['高腰收腹', '瑜伽', '外穿'],
    sentences: ['高弹面料不勒腰，运动日常都能穿。'],
    sizes: ['S', 'M', 'L'],
    price: 7900,
  },
];

const COLOURS: readonly (readonly [string, string])[] = [
  ['红色', 'red'],
  ['酒红', 'burgundy'],
  ['粉色', 'pink'],
  ['樱花粉', 'pink'],
  ['白色', 'white'],
  ['米白', 'cream'],
  ['黑色', 'black'],
  ['灰色', 'grey'],
  ['燕麦色', 'oatmeal'],
  ['卡其', 'khaki'],
  ['驼色', 'camel'],
  ['奶咖', 'mocha'],
  ['杏色', 'apricot'],
  ['焦糖', 'caramel'],
  ['雾霾蓝', 'blue'],
  ['天蓝', 'blue'],
  ['藏青', 'navy'],
  ['牛仔蓝', 'blue'],
  ['浅蓝', 'blue'],
  ['牛油果绿', 'green'],
  ['薄荷绿', 'green'],
  ['墨绿', 'green'],
  ['香芋紫', 'purple'],
  ['奶黄', 'yellow'],
];

const PRINT_TAGS: Record<string, string> = {
  碎花: 'floral',
  印花: 'print',
  波点: 'dots',
  条纹: 'stripes',
  格纹: 'plaid',
};

const STYLES: readonly (readonly [string, string])[] = [
  ['法式', 'french'],
  ['韩版', 'korean'],
  ['复古', 'vintage'],
  ['简约', 'minimal'],
  ['小清新', 'fresh'],
  ['ins风', 'ins'],
  ['气质', 'elegant'],
  ['日系', 'japanese'],
  ['通勤', 'office'],
  ['学院风', 'preppy'],
];

const SEASONS: readonly (readonly [string, string])[] = [
  ['2026春季新款', 'spring'],
  ['夏季', 'summer'],
  ['秋冬', 'autumn'],
  ['冬季加厚', 'winter'],
  ['四季款', 'allseason'],
];

const SUBTITLE_PHRASES = [
  '显白显瘦',
  '轻盈透气',
  '柔软亲肤',
  '做工精致',
  '不起球',
  '高级质感',
  '百搭不挑人',
  '春夏首选',
  '秋冬必备',
  '送礼体面',
  '七天无理由',
  '顺丰包邮',
  '店长推荐',
  '回购率高',
];

const GENERIC_SENTENCES = [
  '面料经过预缩处理，洗后不易变形。',
  '做工细致，走线平整，细节处见品质。',
  '实物拍摄，颜色以实物为准，不同显示器略有色差。',
  '收到后如有任何问题请联系客服，七天无理由退换。',
  '一年四季都能穿，通勤约会都合适。',
  '平铺测量，因测量方式不同可能存在一到两厘米误差。',
  '建议手洗或轻柔机洗，不可漂白，低温熨烫。',
  '小个子也能驾驭，显高显瘦。',
  '配色温柔耐看，日常出街回头率高。',
  '包装精美，送女朋友送妈妈都很体面。',
];

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
  const random = prng(productSeed(seed, i));
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
