import type { CategorySource } from './types.ts';

const SHOE_SIZES = ['36', '37', '38'];

export const accessories: CategorySource = {
  name: '鞋包配饰',
  art: 'bag',
  colour: '香芋紫',
  products: [
    {
      title: '复古腋下包 法棍包 单肩手提包',
      subtitle: '小巧精致 · 法棍造型 · 通勤约会都好搭',
      description:
        '经典法棍包造型，夹在腋下精致又复古。容量可放手机、口红和钥匙。配长短两条肩带，手提单肩随心换。',
      tags: ['bag', 'handbag', 'shoulder', 'vintage'],
      price: 15900,
      colours: ['黑色', '奶咖', '米白'],
    },
    {
      title: '大容量帆布托特包 学生通勤单肩包',
      subtitle: '厚实帆布 · 能装电脑 · 内置小口袋',
      description:
        '加厚帆布耐用不变形，能放下13寸笔记本电脑。内置拉链小口袋，零钱钥匙不乱放。上课通勤买菜都方便。',
      tags: ['bag', 'tote', 'canvas'],
      price: 4900,
      colours: ['米白', '黑色'],
    },
    {
      title: '链条小方包 斜挎包 百搭小包',
      subtitle: '金属链条 · 翻盖磁扣 · 斜挎单肩两用',
      description: '小巧方包配金属链条，精致又百搭。翻盖磁扣开合方便，内部分层设计。斜挎单肩两种背法。',
      tags: ['bag', 'crossbody', 'chain'],
      price: 16900,
      colours: ['黑色', '酒红'],
    },
    {
      title: '复古玛丽珍鞋 圆头单鞋 低跟软底',
      subtitle: '圆头复古 · 软底不累脚 · 搭裙子绝配',
      description: '圆头玛丽珍款式，复古又减龄。软牛皮鞋面，包裹舒适不磨脚。三厘米低跟，走一天也不累。',
      tags: ['shoes', 'maryjane', 'flats', 'vintage'],
      price: 19900,
      colours: ['黑色', '酒红'],
      sizes: SHOE_SIZES,
      sizeKey: '码数',
      art: 'shoe',
    },
    {
      title: '厚底小白鞋 百搭板鞋 增高四厘米',
      subtitle: '厚底增高 · 百搭小白鞋 · 好清洁',
      description: '四厘米厚底，悄悄增高不累脚。皮质鞋面好打理，一擦就干净。配裙子、牛仔裤、运动裤都合适。',
      tags: ['shoes', 'sneakers', 'white', 'casual'],
      price: 16900,
      colours: ['白色'],
      sizes: ['35', '36', '37', '38', '39'],
      sizeKey: '码数',
      art: 'shoe',
    },
    {
      title: '英伦乐福鞋 复古小皮鞋 平底',
      subtitle: '头层牛皮 · 英伦学院风 · 一脚蹬',
      description:
        '头层牛皮鞋面，越穿越服帖。经典英伦乐福款式，一脚蹬穿脱方便。搭配百褶裙和中筒袜，学院风满分。',
      tags: ['shoes', 'loafers', 'leather', 'preppy'],
      price: 22900,
      colours: ['黑色', '焦糖'],
      sizes: SHOE_SIZES,
      sizeKey: '码数',
      art: 'shoe',
    },
    {
      title: '纯棉渔夫帽 遮阳防晒 百搭盆帽',
      subtitle: '加宽帽檐 · 遮阳显脸小 · 可折叠',
      description: '纯棉面料透气舒适，加宽帽檐遮阳又显脸小。可以折叠放进包里，出游随身带。',
      tags: ['hat', 'bucket', 'summer'],
      price: 5900,
      colours: ['米白', '黑色', '卡其'],
      art: 'hat',
    },
    {
      title: '手工草编包 度假沙滩包 编织手提包',
      subtitle: '手工编织 · 度假必备 · 拍照超出片',
      description:
        '天然草编手工制作，每只纹理都略有不同。内衬棉布束口，防止物品掉落。海边度假配碎花裙，氛围感满满。',
      tags: ['bag', 'straw', 'beach', 'holiday'],
      price: 8900,
      tint: '燕麦色',
    },
    {
      title: '红色尖头高跟鞋 细跟单鞋 婚鞋',
      subtitle: '显白正红 · 七厘米细跟 · 婚礼年会都合适',
      description:
        '尖头设计拉长腿部线条，七厘米细跟优雅有气场。内里加软垫，久站也不太累。正红色做婚鞋也很喜庆。',
      tags: ['shoes', 'heels', 'red', 'wedding'],
      price: 25900,
      colours: ['红色', '黑色'],
      sizes: SHOE_SIZES,
      sizeKey: '码数',
      art: 'heel',
    },
    {
      title: '羊毛贝雷帽 法式画家帽 秋冬保暖',
      subtitle: '纯羊毛 · 法式复古 · 修饰脸型',
      description:
        '纯羊毛毡面料，保暖有型。法式复古贝雷帽造型，修饰脸型又很有氛围感。秋冬搭配大衣和毛衣都好看。',
      tags: ['hat', 'beret', 'wool', 'french'],
      price: 6900,
      colours: ['驼色', '黑色', '红色'],
      art: 'hat',
    },
  ],
};
