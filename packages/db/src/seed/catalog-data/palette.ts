/**
 * Colour names used in SKU specs, with the colour their pictures are drawn in. Spec values and
 * picture colours come from one table so a product's pictures always match its colour options.
 */
export const PALETTE = {
  // reds and pinks
  红色: '#c8323f',
  酒红: '#7f2435',
  粉色: '#e98ea3',
  樱花粉: '#f4bfcb',
  // neutrals
  白色: '#f7f5f2',
  米白: '#efe6d6',
  黑色: '#2b2a30',
  灰色: '#8f9096',
  燕麦色: '#d8c6a6',
  卡其: '#b59a6d',
  驼色: '#b8895a',
  奶咖: '#c3a285',
  杏色: '#efcfaa',
  焦糖: '#9c5f2e',
  // blues
  雾霾蓝: '#8aa2bd',
  天蓝: '#9cc7e6',
  藏青: '#29375c',
  牛仔蓝: '#4d6b94',
  浅蓝: '#a9c4de',
  // greens, purples, yellows
  牛油果绿: '#a9c283',
  薄荷绿: '#b2dfcc',
  墨绿: '#2f5a47',
  香芋紫: '#b4a0d2',
  奶黄: '#f5e2a0',
  // lip shades (色号)
  'R01 正红': '#c21f35',
  'R02 枫叶红': '#a3352a',
  'N03 豆沙': '#b5645e',
  'N05 奶茶': '#c28b74',
  番茄红: '#df4a33',
  珊瑚: '#ee7b68',
  蜜桃: '#f3a182',
  无色: '#f3d3cf',
  // complexion shades
  象牙白: '#f1dfcc',
  自然色: '#e3bf9f',
} as const satisfies Record<string, string>;

export type ColourName = keyof typeof PALETTE;

export function colourHex(name: ColourName): string {
  return PALETTE[name];
}
