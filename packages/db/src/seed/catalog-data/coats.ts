import type { CategorySource } from './types.ts';

const SML = ['S', 'M', 'L'];

export const coats: CategorySource = {
  name: '外套',
  art: 'coat',
  colour: '驼色',
  products: [
    {
      title: '双面羊绒大衣 中长款 手工缝制',
      subtitle: '双面羊绒 · 轻盈保暖 · 经典驼色',
      description:
        '双面呢工艺手工缝制，无里衬更轻盈。羊绒混纺手感细腻，保暖不臃肿。经典翻领廓形，穿十年也不过时。',
      tags: ['coat', 'cashmere', 'wool', 'winter'],
      price: 89900,
      colours: ['驼色', '燕麦色', '黑色'],
      sizes: ['S', 'M'],
    },
    {
      title: '英伦双排扣风衣 中长款 春秋外套',
      subtitle: '经典风衣 · 防泼水面料 · 可拆腰带',
      description:
        '经典双排扣设计，挺括利落。面料防泼水，小雨天也不怕。配同色腰带，收腰敞穿两种风格随心切换。',
      tags: ['coat', 'trench', 'spring', 'autumn'],
      price: 39900,
      colours: ['卡其', '黑色'],
      sizes: SML,
    },
    {
      title: '短款牛仔夹克 复古水洗 宽松外套',
      subtitle: '复古水洗 · 短款显高 · 四季百搭',
      description:
        '纯棉牛仔面料，越洗越柔软。短款设计拉高腰线，搭配连衣裙、阔腿裤都合适。春秋单穿，冬天内搭卫衣。',
      tags: ['jacket', 'denim', 'casual'],
      price: 19900,
      colours: ['牛仔蓝'],
      sizes: SML,
      art: 'jacket',
    },
    {
      title: '轻薄羽绒服 短款白鸭绒 可收纳',
      subtitle: '90%白鸭绒 · 轻至200克 · 可收纳成小包',
      description:
        '90%白鸭绒填充，轻薄却很保暖。可以收纳进自带小包，出差旅行随手带上。短款设计，搭配裙装裤装都不显臃肿。',
      tags: ['down', 'puffer', 'jacket', 'winter'],
      price: 29900,
      colours: ['黑色', '米白', '雾霾蓝'],
      sizes: ['M', 'L'],
      art: 'jacket',
    },
    {
      title: '小香风粗花呢外套 短款 名媛风',
      subtitle: '粗花呢 · 金属扣 · 精致小香风',
      description:
        '粗花呢面料纹理丰富，搭配金属扣更显精致。短款版型，配半身裙或连衣裙都很优雅。年会、聚会、见家长都合适。',
      tags: ['jacket', 'tweed', 'elegant'],
      price: 32900,
      colours: ['米白', '粉色'],
      sizes: ['S', 'M'],
      art: 'jacket',
    },
    {
      title: '宽松西装外套 垫肩 通勤百搭',
      subtitle: '利落垫肩 · 宽松廓形 · 职场必备',
      description:
        '轻薄垫肩撑起肩线，宽松廓形遮肉。挺括面料不易皱，一件搞定职场和周末。配阔腿裤干练，配连衣裙帅气。',
      tags: ['blazer', 'suit', 'jacket', 'office'],
      price: 26900,
      colours: ['黑色', '燕麦色'],
      sizes: SML,
      art: 'jacket',
    },
    {
      title: '红色毛呢外套 新年款 中长款大衣',
      subtitle: '喜庆正红 · 羊毛混纺 · 新年氛围感',
      description:
        '羊毛混纺面料，挺括保暖。正红色显白又喜庆，新年拜年、拍照都超出片。中长款版型，能盖住臀部更暖和。',
      tags: ['coat', 'wool', 'red', 'winter'],
      price: 49900,
      colours: ['红色'],
      sizes: SML,
    },
    {
      title: '长款针织开衫外套 慵懒风 口袋设计',
      subtitle: '慵懒长款 · 大口袋 · 春秋叠穿',
      description:
        '粗针织纹理，慵懒又温柔。长款设计能遮住臀部，两侧大口袋实用。春秋单穿当外套，冬天叠穿在大衣里。',
      tags: ['cardigan', 'knit', 'coat'],
      price: 16900,
      colours: ['燕麦色', '灰色'],
      sizes: ['均码'],
    },
    {
      title: '长款加厚羽绒服 过膝 连帽保暖',
      subtitle: '过膝长款 · 加厚充绒 · 零下二十度也不怕',
      description: '加厚充绒，过膝长度全方位保暖。连帽设计挡风，内侧防风袖口。冬季款，天冷后重新上架。',
      tags: ['down', 'puffer', 'coat', 'winter'],
      price: 59900,
      colours: ['黑色'],
      sizes: ['M', 'L', 'XL'],
      onShelf: false,
    },
    {
      title: '冰丝防晒衣 UPF50+ 连帽夏季外套',
      subtitle: 'UPF50+ · 冰丝凉感 · 轻薄可收纳',
      description: '冰丝面料触感清凉，UPF50+有效阻隔紫外线。连帽设计保护面部和颈部，轻薄可折叠放进包里。',
      tags: ['jacket', 'upf50', 'summer'],
      price: 7900,
      colours: ['白色', '樱花粉', '天蓝'],
      sizes: ['均码'],
      art: 'jacket',
    },
  ],
};
