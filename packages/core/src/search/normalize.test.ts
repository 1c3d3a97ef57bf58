import { describe, expect, it } from 'vitest';
import { foldFast, MAX_QUERY_LENGTH, NFKC_STABLE, normalizeQuery, normalizeText } from './normalize.ts';
import { toSimplified } from './t2s.ts';
import { seededRandom } from '../testing/random.ts';

describe('normalizeQuery', () => {
  it.each([
    ['连衣裙', '连衣裙'],
    ['裙子', '裙子'],
    ['碎花连衣裙', '碎花连衣裙'],
    ['红色 连衣裙', '红色 连衣裙'],
    ['dress', 'dress'],
    ['Dress', 'dress'],
    ['FLORAL   Dress', 'floral dress'],
    ['红色dress', '红色dress'],
  ])('keeps searchable text %j as %j', (raw, expected) => {
    expect(normalizeQuery(raw)).toBe(expected);
  });

  it('folds full-width letters, digits and the ideographic space to half-width', () => {
    expect(normalizeQuery('ｄｒｅｓｓ')).toBe('dress');
    expect(normalizeQuery('Ｄｒｅｓｓ　３２３')).toBe('dress 323');
    expect(normalizeQuery('　连衣裙　')).toBe('连衣裙');
  });

  it('converts traditional characters to simplified ones', () => {
    expect(normalizeQuery('連衣裙')).toBe('连衣裙');
    expect(normalizeQuery('紅色 襯衫')).toBe('红色 衬衫');
  });

  it('replaces ASCII and CJK punctuation by a space', () => {
    expect(normalizeQuery('「连衣裙」！')).toBe('连衣裙');
    expect(normalizeQuery('红色，连衣裙。')).toBe('红色 连衣裙');
    expect(normalizeQuery('《红色》【连衣裙】、？…—·')).toBe('红色 连衣裙');
    expect(normalizeQuery('dress!!! (red), "new"')).toBe('dress red new');
  });

  it('removes emoji, including ZWJ sequences, skin tones, flags and keycaps', () => {
    expect(normalizeQuery('连衣裙👗🔥')).toBe('连衣裙');
    expect(normalizeQuery('👩‍👩‍👧 dress 👍🏽 🇨🇳')).toBe('dress');
    expect(normalizeQuery('1️⃣号')).toBe('1 号');
  });

  it('returns an empty string when nothing searchable is left', () => {
    for (const raw of ['', '   ', '！！！', '👗🔥', '\u200b\u202e', '% _ \\', '"*"']) {
      expect(normalizeQuery(raw)).toBe('');
    }
  });

  it('replaces zero-width, bidi and control characters by a space', () => {
    expect(normalizeQuery('\u202Edress\u202C')).toBe('dress');
    expect(normalizeQuery('\u2066连衣裙\u2069\uFEFF')).toBe('连衣裙');
    expect(normalizeQuery('dr\u200Bess')).toBe('dr ess');
    expect(normalizeQuery('a\u0000b\u0007c\u200Fd')).toBe('a b c d');
  });

  it('drops lone surrogates and keeps combining marks on their letter', () => {
    expect(normalizeQuery('\uD800dress\uDFFF')).toBe('dress');
    expect(normalizeQuery('cafe\u0301')).toBe('café');
    expect(normalizeQuery('\u0301dress')).toBe('dress');
  });

  it('keeps + # . - inside a Latin word only', () => {
    expect(normalizeQuery('C++ C# T-Shirt 3.5寸 iPhone15')).toBe('c++ c# t-shirt 3.5寸 iphone15');
    expect(normalizeQuery('end. -x +86 a--b 连衣裙-红色 1,000')).toBe('end x 86 a b 连衣裙 红色 1 000');
  });

  it('never lets SQL, LIKE or FTS syntax characters through', () => {
    expect(normalizeQuery("' OR 1=1 --")).toBe('or 1 1');
    expect(normalizeQuery("%' UNION SELECT password FROM users --")).toBe('union select password from users');
    expect(normalizeQuery('50% off_sale \\x')).toBe('50 off sale x');
    expect(normalizeQuery('"red" AND dress* NEAR(a b) -x ^y title:z')).toBe(
      'red and dress near a b x y title z',
    );
    expect(normalizeQuery(']]><script>alert(1)</script>')).toBe('script alert 1 script');
    const syntax = /["*%_'()\\^:;<>[\]{}=|&!?@$~`,]/u;
    for (const raw of ['a"b*c%d_e\'f(g)h\\i^j:k', "x';DROP TABLE p;--", 'NEAR(a,b)', '{a}[b]<c>']) {
      expect(normalizeQuery(raw)).not.toMatch(syntax);
    }
  });

  it('lower-cases FTS operators so they read as plain words', () => {
    expect(normalizeQuery('red OR blue NOT green')).toBe('red or blue not green');
  });

  it('cuts a 10,000-character query to MAX_QUERY_LENGTH code points', () => {
    expect(MAX_QUERY_LENGTH).toBe(64);
    expect(normalizeQuery('x'.repeat(10_000))).toBe('x'.repeat(64));
    expect(Array.from(normalizeQuery('连'.repeat(10_000)))).toHaveLength(64);
  });

  it('never splits a surrogate pair when cutting', () => {
    const result = normalizeQuery('𠀀'.repeat(100));
    expect(Array.from(result)).toHaveLength(64);
    expect(result).toBe('𠀀'.repeat(64));
    expect(result).not.toMatch(/\p{Surrogate}/u);
  });

  it('drops a dot, dash or space left dangling by the cut', () => {
    expect(normalizeQuery(`${'a'.repeat(63)}-shirt`)).toBe('a'.repeat(63));
    expect(normalizeQuery(`${'a'.repeat(63)} dress`)).toBe('a'.repeat(63));
  });

  it('is idempotent', () => {
    const samples = [
      '連衣裙 T-Shirt',
      'ｄｒｅｓｓ c++',
      'İstanbul ΣΊΣΥΦΟΣ',
      'cafe\u0301 3.5',
      `${'b'.repeat(70)}`,
    ];
    for (const raw of samples) {
      const once = normalizeQuery(raw);
      expect(normalizeQuery(once)).toBe(once);
    }
  });
});

describe('normalizeText', () => {
  it('normalises like a query but without the length cut', () => {
    const description = `${'纯棉'.repeat(100)}，連衣裙！`;
    expect(normalizeText(description)).toBe(`${'纯棉'.repeat(100)} 连衣裙`);
  });
});

/** The first, regex-per-character normalizeText: the fast one must give the same output for any text. */
function referenceNormalizeText(raw: string): string {
  const LETTER = /^\p{L}$/u;
  const NUMBER = /^\p{N}$/u;
  const MARK = /^\p{M}$/u;
  const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
  const LATIN_WORD = /^[\p{Script=Latin}\p{Nd}]$/u;
  const chars = Array.from(toSimplified(raw.normalize('NFKC').toLowerCase().normalize('NFKC')));
  const out: string[] = [];
  let previous = 'none';
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i] as string;
    let kept = 'none';
    if (IGNORABLE.test(char)) {
      kept = 'none';
    } else if (LETTER.test(char) || NUMBER.test(char)) {
      kept = LATIN_WORD.test(char) ? 'latin' : 'letter';
    } else if (MARK.test(char)) {
      if (previous === 'latin' || previous === 'letter') kept = previous;
    } else if (char === '.' || char === '-') {
      if (previous === 'latin' && LATIN_WORD.test(chars[i + 1] ?? '')) kept = 'joiner';
    } else if (char === '+' || char === '#') {
      if (previous === 'latin' || (previous === 'other' && ['+', '#'].includes(out.at(-1) ?? ''))) {
        kept = 'other';
      }
    }
    if (kept === 'none') {
      if (previous !== 'none' && out.length > 0) out.push(' ');
    } else {
      out.push(char);
    }
    previous = kept === 'joiner' ? 'latin' : kept;
  }
  return out.join('').trim();
}

describe('normalizeText fast path', () => {
  it('folds every code unit of NFKC_STABLE as NFKC, lower-casing and toSimplified do', () => {
    let checked = 0;
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      if (!NFKC_STABLE.test(char)) continue;
      checked += 1;
      const expected = toSimplified(char.normalize('NFKC').toLowerCase().normalize('NFKC'));
      expect(String.fromCodePoint(foldFast(code)), `U+${code.toString(16)}`).toBe(expected);
    }
    expect(checked).toBeGreaterThan(20_000);
  });

  it('gives the reference output on traditional, full-width, Latin, marks, emoji and surrogates', () => {
    const pool = Array.from(
      '連衣裙连衣裙紅色dressDRESSｄｒｅｓｓ　 ,.-+#_%"*c3é\u0301\u200b\u202e\uD800\uDFFF👗🏽\u3000。、·「」' +
        'İΣΊß𠀀㗲〶①Ⅻﬁ\u115f\t\n가각ｶﾞ',
    );
    const random = seededRandom(20261122);
    for (let n = 0; n < 5000; n += 1) {
      const length = Math.floor(random() * 12);
      let text = '';
      for (let i = 0; i < length; i += 1) text += pool[Math.floor(random() * pool.length)];
      expect(normalizeText(text), JSON.stringify(text)).toBe(referenceNormalizeText(text));
    }
  });
});
