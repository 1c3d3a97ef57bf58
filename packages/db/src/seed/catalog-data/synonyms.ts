/**
 * Search synonym groups: every term in a group means the same thing to the shop search, so a fan
 * typing 裙子 finds products titled 连衣裙 or tagged "dress".
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['连衣裙', '裙子', 'dress'],
  ['半身裙', '短裙', 'skirt'],
  ['口红', '唇膏', 'lipstick'],
  ['唇釉', '唇彩', 'lipgloss'],
  ['外套', '夹克', 'coat', 'jacket'],
  ['大衣', '呢子大衣', 'overcoat'],
  ['羽绒服', '羽绒', 'down', 'puffer'],
  ['T恤', '短袖', 'tee', 't-shirt'],
  ['衬衫', '衬衣', 'shirt', 'blouse'],
  ['毛衣', '针织衫', 'sweater', 'knit'],
  ['卫衣', 'hoodie', 'sweatshirt'],
  ['裤子', '长裤', 'pants', 'trousers'],
  ['牛仔', '牛仔裤', 'denim', 'jeans'],
  ['面霜', 'cream'],
  ['精华', '精华液', 'serum'],
  ['防晒', '防晒霜', 'sunscreen'],
  ['碎花', '印花', 'floral'],
  ['婴儿', '宝宝', 'baby'],
  ['连体衣', '哈衣', '爬服', 'romper', 'onesie'],
  ['包', '包包', 'bag'],
  ['鞋', '鞋子', 'shoes'],
  ['高跟鞋', 'heels'],
  ['帽子', '帽', 'hat'],
];
