import type { CategorySource } from './types.ts';

const SML = ['S', 'M', 'L'];

export const tops: CategorySource = {
  name: '上衣',
  art: 'top',
  colour: '天蓝',
  products: [
    {
      title: '纯棉基础款T恤 圆领短袖 宽松百搭',
      subtitle: '新疆长绒棉 · 不变形不起球 · 闭眼入',
      description:
        '精选长绒棉，手感柔软有垂感。领口加固螺纹，多次洗涤也不松垮。宽松落肩版型，单穿内搭都好看。',
      tags: ['tee', 't-shirt', 'cotton', 'basic', 'white'],
      price: 5900,
      colours: ['白色', '黑色', '灰色'],
      sizes: ['M', 'L'],
    },
    {
      title: '法式碎花衬衫 泡泡袖 甜美上衣',
      subtitle: '温柔碎花 · 小方领 · 显瘦短款',
      description:
        '小方领配泡泡袖，甜美又减龄。短款设计搭配高腰裤或半身裙，轻松拉长比例。面料轻薄透气，春夏穿刚刚好。',
      tags: ['shirt', 'blouse', 'floral', 'french'],
      price: 11900,
      colours: ['米白'],
      sizes: SML,
      pattern: 'floral',
    },
    {
      title: '红色针织开衫 短款V领 温柔毛衣',
      subtitle: '显白正红 · 软糯不扎 · 春秋外搭',
      description:
        '柔软粘纤混纺，软糯亲肤不扎人。V领短款设计，搭配连衣裙或高腰裤都很和谐。一抹红色，让整体造型立刻亮起来。',
      tags: ['knit', 'cardigan', 'sweater', 'red'],
      price: 14900,
      colours: ['红色', '米白'],
      sizes: SML,
      art: 'knit',
    },
    {
      title: '马海毛高领毛衣 慵懒风 宽松加厚',
      subtitle: '蓬松马海毛 · 高领保暖 · 慵懒又温柔',
      description: '马海毛混纺纱线，蓬松轻盈又保暖。宽松慵懒的版型，遮肉不挑身材。冬天内搭大衣，温柔感满满。',
      tags: ['sweater', 'knit', 'mohair', 'winter', 'turtleneck'],
      price: 19900,
      colours: ['燕麦色', '香芋紫'],
      sizes: ['均码'],
      art: 'knit',
    },
    {
      title: '条纹长袖T恤 法式海魂衫 纯棉打底',
      subtitle: '经典海魂条纹 · 内搭外穿 · 四季百搭',
      description: '经典法式海魂条纹，永不过时。纯棉面料舒适透气，长袖款式春秋单穿、冬天打底都可以。',
      tags: ['tee', 't-shirt', 'stripe', 'breton'],
      price: 7900,
      colours: ['藏青'],
      sizes: SML,
      art: 'knit',
      pattern: 'stripes',
    },
    {
      title: '真丝缎面衬衫 垂感通勤 高级感上衣',
      subtitle: '桑蚕丝 · 柔光缎面 · 职场气质',
      description:
        '桑蚕丝混纺缎面，柔和光泽显高级。垂感好不易皱，通勤一整天依旧挺括。可塞进西装裤或半身裙，干练优雅。',
      tags: ['shirt', 'blouse', 'silk', 'office', 'satin'],
      price: 26900,
      colours: ['杏色', '黑色'],
      sizes: SML,
      art: 'knit',
    },
    {
      title: '蕾丝吊带背心 内搭打底 可外穿',
      subtitle: '精致蕾丝边 · 自带胸垫 · 内搭神器',
      description:
        '领口精致蕾丝，露出一点点就很有心机。自带可拆卸胸垫，单穿也安心。搭配开衫或西装外套都好看。',
      tags: ['camisole', 'lace', 'basic', 'tank'],
      price: 3900,
      colours: ['白色', '黑色'],
    },
    {
      title: '加绒连帽卫衣 宽松加厚 休闲上衣',
      subtitle: '内里加绒 · 暖和不臃肿 · 情侣可穿',
      description: '内里细腻加绒，暖和不臃肿。宽松落肩版型，慵懒随性。袖口和下摆螺纹收口，防风保暖。',
      tags: ['hoodie', 'sweatshirt', 'fleece', 'casual', 'winter'],
      price: 12900,
      colours: ['灰色', '奶黄', '雾霾蓝'],
      sizes: ['M', 'L'],
      art: 'knit',
    },
    {
      title: '字母印花短袖T恤 纯棉宽松 夏季上衣',
      subtitle: '清新配色 · 纯棉透气 · 学生党最爱',
      description:
        '精梳纯棉面料，透气吸汗。胸前小字母印花，简单不单调。宽松版型，搭配牛仔裤、半身裙都轻松出片。',
      tags: ['tee', 't-shirt', 'print', 'cotton', 'summer'],
      price: 6900,
      colours: ['樱花粉', '白色'],
      sizes: SML,
    },
    {
      title: '雪纺飘带衬衫 职场通勤 长袖上衣',
      subtitle: '优雅飘带领 · 不易皱 · 面试通勤',
      description:
        '领口飘带可系蝴蝶结，也可自然垂落。雪纺面料轻盈不易皱，出差通勤都省心。搭配西装裤干练，配半身裙温柔。',
      tags: ['shirt', 'blouse', 'chiffon', 'office', 'bow'],
      price: 12900,
      colours: ['白色', '雾霾蓝'],
      sizes: SML,
      art: 'knit',
    },
  ],
};
