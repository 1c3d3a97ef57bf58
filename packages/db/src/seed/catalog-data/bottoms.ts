import type { CategorySource } from './types.ts';

const SML = ['S', 'M', 'L'];

export const bottoms: CategorySource = {
  name: '裤装半身裙',
  art: 'trousers',
  colour: '牛仔蓝',
  products: [
    {
      title: '高腰阔腿裤 垂感西装裤 显瘦显高',
      subtitle: '垂坠不起皱 · 高腰拉长腿 · 梨形身材友好',
      description:
        '垂感西装面料，走路带风。高腰设计搭配前褶，遮胯显腿长。通勤配衬衫，周末配T恤，一条裤子穿出多种风格。',
      tags: ['trousers', 'pants', 'wide-leg', 'office', 'high-waist'],
      price: 14900,
      colours: ['黑色', '燕麦色'],
      sizes: SML,
    },
    {
      title: '高腰直筒牛仔裤 九分显瘦 复古水洗',
      subtitle: '微弹牛仔 · 直筒遮腿型 · 复古水洗蓝',
      description:
        '含少量弹力纤维，久坐不紧绷。直筒版型修饰腿型，九分长度露出脚踝更显高。复古水洗色，越穿越有味道。',
      tags: ['jeans', 'denim', 'pants', 'straight'],
      price: 15900,
      colours: ['牛仔蓝', '浅蓝'],
      sizes: ['25', '26', '27'],
    },
    {
      title: '碎花半身裙 A字中长款 高腰显瘦',
      subtitle: '温柔碎花 · A字遮肉 · 春夏百搭',
      description: 'A字版型自然垂坠，遮住胯部和大腿。高腰松紧腰头，舒适不勒。搭配T恤或针织衫，温柔又日常。',
      tags: ['skirt', 'floral', 'midi', 'a-line'],
      price: 10900,
      colours: ['米白', '藏青'],
      sizes: ['S', 'M'],
      art: 'skirt',
      pattern: 'floral',
    },
    {
      title: '百褶半身裙 高腰学院风 中长款',
      subtitle: '压褶定型 · 走路飘逸 · 减龄学院风',
      description:
        '高温压褶工艺，褶皱持久不变形。中长款裙摆，走动时飘逸灵动。搭配针织开衫和乐福鞋，就是满分学院风。',
      tags: ['skirt', 'pleated', 'midi', 'preppy'],
      price: 9900,
      colours: ['灰色', '藏青'],
      sizes: SML,
      art: 'skirt',
    },
    {
      title: '红色缎面半身裙 鱼尾裙 高级感',
      subtitle: '缎面光泽 · 鱼尾裙摆 · 气场全开',
      description:
        '醋酸缎面柔滑有光泽，高级感十足。鱼尾裙摆修饰身形，行走间摇曳生姿。配黑色针织衫，简单又吸睛。',
      tags: ['skirt', 'red', 'satin', 'mermaid'],
      price: 13900,
      colours: ['红色'],
      sizes: SML,
      art: 'skirt',
    },
    {
      title: '鲨鱼裤 瑜伽裤 高腰收腹 外穿打底',
      subtitle: '高弹塑形 · 收腹提臀 · 运动日常都能穿',
      description:
        '四面弹力面料，包裹感强又不勒。高腰设计收腹提臀，外穿也不尴尬。运动、瑜伽、日常打底一条搞定。',
      tags: ['leggings', 'yoga', 'pants', 'sport'],
      price: 6900,
      colours: ['黑色', '灰色'],
      sizes: SML,
    },
    {
      title: '牛仔半身裙 包臀短裙 高腰A字',
      subtitle: '复古牛仔 · 高腰显腿长 · 内衬防走光',
      description:
        '厚实牛仔面料，挺括有型。高腰A字版型显腿长，内置安全裤防走光。搭配T恤、衬衫或卫衣都很有活力。',
      tags: ['skirt', 'denim', 'mini'],
      price: 8900,
      colours: ['牛仔蓝'],
      sizes: SML,
      art: 'skirt',
    },
    {
      title: '束脚休闲运动裤 宽松卫裤 加绒可选',
      subtitle: '宽松舒适 · 束脚显瘦 · 居家出门两用',
      description: '柔软毛圈面料，舒适透气。束脚设计视觉显瘦，宽松裤型不挑腿型。居家、运动、出门遛弯都舒服。',
      tags: ['joggers', 'sweatpants', 'pants', 'casual'],
      price: 8900,
      colours: ['灰色', '黑色'],
      sizes: ['M', 'L', 'XL'],
    },
    {
      title: '针织半身裙 长款包臀 秋冬开衩',
      subtitle: '软糯针织 · 后开衩不拘束 · 秋冬温柔感',
      description:
        '弹力针织面料，贴合不紧绷。长款包臀设计，后开衩方便行走。配短款毛衣或大衣，秋冬温柔感拉满。',
      tags: ['skirt', 'knit', 'winter', 'maxi'],
      price: 12900,
      colours: ['燕麦色', '黑色'],
      sizes: ['均码'],
      art: 'skirt',
    },
  ],
};
