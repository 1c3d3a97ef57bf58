import type { CategorySource } from './types.ts';

export const beauty: CategorySource = {
  name: '美妆护肤',
  art: 'lipstick',
  colour: '珊瑚',
  products: [
    {
      title: '丝绒哑光口红 显白正红 持久不拔干',
      subtitle: '丝绒雾面 · 一抹显色 · 黄皮也显白',
      description:
        '丝绒质地轻薄服帖，一抹就显色。添加植物油脂，哑光也不拔干。四个热门色号，日常通勤到约会全覆盖。',
      tags: ['lipstick', 'matte', 'red', 'makeup'],
      price: 12900,
      colours: ['R01 正红', 'R02 枫叶红', 'N03 豆沙', 'N05 奶茶'],
      colourKey: '色号',
    },
    {
      title: '滋润保湿唇膏 淡彩润唇 秋冬必备',
      subtitle: '淡淡色彩 · 长效滋润 · 学生党友好',
      description:
        '乳木果油和荷荷巴油双重滋润，告别干裂起皮。微微带色，素颜也有好气色。可以单涂，也可以打底再涂口红。',
      tags: ['lipstick', 'lipbalm', 'moisturizing', 'makeup'],
      price: 4900,
      colours: ['无色', '蜜桃', '珊瑚'],
      colourKey: '色号',
    },
    {
      title: '镜面水光唇釉 不沾杯 嘟嘟唇',
      subtitle: '水光镜面 · 成膜不沾杯 · 显唇饱满',
      description:
        '水润镜面质地，上嘴饱满有光泽。成膜后不易沾杯，喝水吃饭也安心。清透番茄红和元气珊瑚色，夏天必备。',
      tags: ['lipstick', 'lipgloss', 'glossy', 'makeup'],
      price: 8900,
      colours: ['番茄红', '珊瑚', '蜜桃'],
      colourKey: '色号',
    },
    {
      title: '玻尿酸补水精华液 保湿修护 敏感肌可用',
      subtitle: '多分子玻尿酸 · 层层补水 · 温和不刺激',
      description:
        '三重分子玻尿酸，由表及里层层补水。质地清爽好吸收，不黏腻不闷痘。无酒精无香精，敏感肌也能放心用。',
      tags: ['serum', 'hyaluronic', 'skincare', 'moisturizing'],
      price: 15900,
      prices: [15900, 23900],
      sizes: ['30ml', '50ml'],
      sizeKey: '规格',
      tint: '天蓝',
      art: 'bottle',
    },
    {
      title: '烟酰胺焕亮面霜 提亮肤色 清爽保湿',
      subtitle: '烟酰胺 · 淡化暗沉 · 早晚可用',
      description:
        '5%烟酰胺搭配神经酰胺，提亮肤色同时修护屏障。乳霜质地清爽不油腻，上妆也不搓泥。早晚洁面后取适量涂抹。',
      tags: ['cream', 'moisturizer', 'brightening', 'skincare'],
      price: 19900,
      tint: '樱花粉',
      art: 'jar',
    },
    {
      title: '清爽防晒霜 SPF50+ 户外防水防汗',
      subtitle: 'SPF50+ PA++++ · 清爽不油 · 防水防汗',
      description:
        '高倍防护，通勤户外都适用。乳液质地轻薄清爽，不假白不油腻。防水防汗配方，运动出汗也不易脱妆。',
      tags: ['sunscreen', 'spf', 'skincare', 'summer'],
      price: 9900,
      prices: [9900, 13900],
      sizes: ['40ml', '60ml'],
      sizeKey: '规格',
      tint: '奶黄',
      art: 'bottle',
    },
    {
      title: '氨基酸洁面乳 温和清洁 泡沫细腻',
      subtitle: '氨基酸表活 · 洗后不紧绷 · 男女通用',
      description: '氨基酸表面活性剂，温和清洁不伤屏障。泡沫绵密细腻，轻松带走油污和淡妆。洗完脸水润不紧绷。',
      tags: ['cleanser', 'facewash', 'skincare'],
      price: 5900,
      tint: '薄荷绿',
      art: 'bottle',
    },
    {
      title: '抗皱紧致眼霜 淡化细纹 黑眼圈',
      subtitle: '胜肽抗皱 · 按摩头设计 · 眼周更紧致',
      description:
        '多重胜肽配合咖啡因，淡化细纹和黑眼圈。质地细腻好推开，不长脂肪粒。每晚取米粒大小，轻拍至吸收。',
      tags: ['eyecream', 'cream', 'anti-aging', 'skincare'],
      price: 15900,
      tint: '香芋紫',
      art: 'jar',
    },
    {
      title: '保湿爽肤水 补水喷雾 大瓶装',
      subtitle: '细腻喷雾 · 随时补水 · 湿敷也可以',
      description: '植物萃取保湿配方，一喷就是一层水润。喷雾细腻均匀，上妆前后都能用。大瓶装可以放心湿敷。',
      tags: ['toner', 'mist', 'skincare', 'moisturizing'],
      price: 6900,
      prices: [6900, 10900],
      sizes: ['100ml', '200ml'],
      sizeKey: '规格',
      tint: '浅蓝',
      art: 'bottle',
    },
    {
      title: '轻薄气垫BB霜 遮瑕持妆 自然裸妆',
      subtitle: '轻薄服帖 · 遮瑕不卡粉 · 附赠替换芯',
      description:
        '轻薄水润质地，遮盖痘印和毛孔。持妆一整天不暗沉，不卡粉。附赠一个替换芯，用完直接换芯更环保。',
      tags: ['cushion', 'foundation', 'bbcream', 'makeup'],
      price: 12900,
      colours: ['象牙白', '自然色'],
      colourKey: '色号',
      art: 'jar',
    },
  ],
};
