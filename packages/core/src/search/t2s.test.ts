import { describe, expect, it } from 'vitest';
import { toSimplified } from './t2s.ts';
import { T2S_PAIRS } from './t2s-table.ts';

describe('toSimplified', () => {
  it('converts traditional product words to simplified', () => {
    expect(toSimplified('連衣裙')).toBe('连衣裙');
    expect(toSimplified('襯衫')).toBe('衬衫');
    expect(toSimplified('髮夾')).toBe('发夹');
    expect(toSimplified('牛仔褲 運動鞋 針織 羊絨 錢包 眼鏡 護膚 麵膜 口紅 檯燈')).toBe(
      '牛仔裤 运动鞋 针织 羊绒 钱包 眼镜 护肤 面膜 口红 台灯',
    );
  });

  it('maps 鍊 to 链, as in necklaces and bracelets', () => {
    expect(toSimplified('項鍊 手鍊')).toBe('项链 手链');
  });

  it('includes Hong Kong and Taiwan variant forms', () => {
    expect(toSimplified('衞衣 衹')).toBe('卫衣 只');
  });

  it('covers common traditional characters', () => {
    const traditional =
      '們個來這說時為會對國過後經還發現學樣與關點裡開長問無當進動實種體頭機業從見難應幾電話車門';
    const simplified =
      '们个来这说时为会对国过后经还发现学样与关点里开长问无当进动实种体头机业从见难应几电话车门';
    expect(toSimplified(traditional)).toBe(simplified);
    expect(toSimplified('愛買賣錢價貨運費襪褲裝紅綠藍黃銀鐵號碼質絲線純縫織網衛')).toBe(
      '爱买卖钱价货运费袜裤装红绿蓝黄银铁号码质丝线纯缝织网卫',
    );
  });

  it('leaves simplified text, characters common to both, Latin and emoji unchanged', () => {
    const text = '连衣裙 裙子 著名 么 dress 3.5 👗';
    expect(toSimplified(text)).toBe(text);
  });

  it('is idempotent over the whole table', () => {
    const simplifiedSide = Array.from(T2S_PAIRS)
      .filter((_, i) => i % 2 === 1)
      .join('');
    expect(toSimplified(simplifiedSide)).toBe(simplifiedSide);
  });

  it('has a table of a few thousand pairs', () => {
    expect(Array.from(T2S_PAIRS).length / 2).toBeGreaterThan(3000);
  });
});
