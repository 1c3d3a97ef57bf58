import type { CategorySource } from './types.ts';

const SML = ['S', 'M', 'L'];

export const dresses: CategorySource = {
  name: '连衣裙',
  art: 'dress',
  colour: '粉色',
  products: [
    {
      title: '法式碎花雪纺连衣裙 收腰显瘦中长款',
      subtitle: '轻盈雪纺 · 小V领 · 春夏约会首选',
      description:
        '双层雪纺面料，内衬柔软不透。收腰设计拉长腿部比例，裙摆随步伐轻轻摆动。小碎花温柔不张扬，约会、通勤、旅行都合适。',
      tags: ['dress', 'floral', 'chiffon', 'french', 'midi', 'summer'],
      price: 15900,
      colours: ['米白', '雾霾蓝'],
      sizes: SML,
      pattern: 'floral',
    },
    {
      title: '复古红色碎花连衣裙 方领泡泡袖',
      subtitle: '显白复古红 · 方领露锁骨 · 泡泡袖修饰手臂',
      description:
        '经典方领搭配泡泡袖，修饰肩颈线条。正红底色配小白花，上身显白又有气色。后背隐形拉链，穿脱方便。',
      tags: ['dress', 'floral', 'red', 'vintage'],
      price: 18900,
      colours: ['红色'],
      sizes: ['S', 'M', 'L', 'XL'],
      pattern: 'floral',
    },
    {
      title: '红色丝绒连衣裙 新年战袍 法式方领',
      subtitle: '垂感丝绒 · 高级光泽 · 年会聚会都出彩',
      description:
        '金丝绒面料自带柔和光泽，垂坠感好不易起皱。方领收腰版型，优雅又显瘦。新年、年会、婚礼伴娘都能穿。',
      tags: ['dress', 'red', 'velvet', 'party'],
      price: 29900,
      colours: ['红色', '酒红'],
      sizes: SML,
    },
    {
      title: '小清新碎花连衣裙 V领系带 度假风',
      subtitle: '海边度假 · 清爽透气 · 系带可调节',
      description:
        '棉麻混纺面料，透气不闷热。V领系带设计，可以调节领口大小。搭配草编包和凉鞋，就是海边最美的风景。',
      tags: ['dress', 'floral', 'holiday', 'summer', 'beach'],
      price: 12900,
      colours: ['牛油果绿', '樱花粉'],
      sizes: ['S', 'M'],
      pattern: 'floral',
    },
    {
      title: '赫本风小黑裙 无袖收腰连衣裙 气质通勤',
      subtitle: '经典不过时 · 一衣多穿 · 职场晚宴两相宜',
      description:
        '简洁无袖设计，廓形利落。高密度面料挺括有型，不易变形。单穿干练，叠搭西装外套或针织开衫也好看。',
      tags: ['dress', 'black', 'elegant', 'office', 'lbd'],
      price: 25900,
      colours: ['黑色'],
      sizes: ['S', 'M', 'L', 'XL'],
    },
    {
      title: '针织长袖连衣裙 秋冬打底 修身过膝',
      subtitle: '软糯针织 · 内搭外穿 · 秋冬必备',
      description:
        '细腻羊毛混纺纱线，亲肤不扎。弹力针织修身而不紧绷，过膝长度保暖又优雅。外搭大衣就是一套完整的冬日造型。',
      tags: ['dress', 'knit', 'sweater', 'autumn', 'winter'],
      price: 19900,
      colours: ['燕麦色', '灰色', '黑色'],
      sizes: ['M', 'L'],
    },
    {
      title: '波点茶歇裙 法式复古连衣裙 短袖',
      subtitle: '经典波点 · 腰部松紧 · 包容各种身材',
      description:
        '圆润波点印花，复古又俏皮。腰部松紧设计，对小肚腩很友好。短袖款式适合春夏，搭配玛丽珍鞋更有法式味道。',
      tags: ['dress', 'polkadot', 'dots', 'vintage', 'french'],
      price: 16900,
      colours: ['藏青', '红色'],
      sizes: SML,
      pattern: 'dots',
    },
    {
      title: '条纹衬衫裙 宽松中长款连衣裙',
      subtitle: '清爽条纹 · 宽松不挑身材 · 可配腰带',
      description:
        '纯棉衬衫料，柔软吸汗。宽松版型可单穿，也可系上同色腰带收出腰线。敞开当薄外套穿也很有味道。',
      tags: ['dress', 'stripe', 'shirtdress', 'cotton', 'casual'],
      price: 13900,
      colours: ['天蓝'],
      sizes: SML,
      pattern: 'stripes',
    },
    {
      title: '红色吊带连衣裙 缎面垂感 晚宴款',
      subtitle: '缎面光泽 · 细肩带 · 可调节长度',
      description:
        '醋酸缎面，垂坠顺滑带柔光。细吊带可调节长度，斜裁裙摆行走时飘逸灵动。外搭小西装，晚宴约会都合适。',
      tags: ['dress', 'red', 'satin', 'slip', 'party'],
      price: 21900,
      colours: ['红色'],
      sizes: ['S', 'M'],
    },
    {
      title: '碎花吊带长裙 海边度假 露背设计',
      subtitle: '浪漫碎花 · 露背绑带 · 拍照超出片',
      description: '大摆长裙配浪漫碎花，海风一吹特别出片。后背交叉绑带，可调节松紧。本季热卖款，补货中。',
      tags: ['dress', 'floral', 'maxi', 'holiday', 'beach'],
      price: 17900,
      colours: ['杏色'],
      sizes: SML,
      pattern: 'floral',
      soldOut: true,
    },
    {
      title: '新中式盘扣连衣裙 改良旗袍 提花面料',
      subtitle: '东方韵味 · 手工盘扣 · 日常可穿的旗袍',
      description: '提花面料暗纹精致，手工盘扣细节考究。改良版型比传统旗袍更宽松舒适，日常出街毫无压力。',
      tags: ['dress', 'qipao', 'chinese', 'jacquard'],
      price: 32900,
      colours: ['墨绿', '酒红'],
      sizes: SML,
      onShelf: false,
    },
  ],
};
