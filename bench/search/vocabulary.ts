/**
 * Words the synthetic search catalogue's titles and descriptions draw on: colours, styles, seasons and
 * phrases (the product kinds are in kinds.ts).
 */

export const COLOURS: readonly (readonly [string, string])[] = [
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

export const PRINT_TAGS: Record<string, string> = {
  碎花: 'floral',
  印花: 'print',
  波点: 'dots',
  条纹: 'stripes',
  格纹: 'plaid',
};

export const STYLES: readonly (readonly [string, string])[] = [
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

export const SEASONS: readonly (readonly [string, string])[] = [
  ['2026春季新款', 'spring'],
  ['夏季', 'summer'],
  ['秋冬', 'autumn'],
  ['冬季加厚', 'winter'],
  ['四季款', 'allseason'],
];

export const SUBTITLE_PHRASES = [
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

export const GENERIC_SENTENCES = [
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
