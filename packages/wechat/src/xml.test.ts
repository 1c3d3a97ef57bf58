import { createServer } from 'node:net';

import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import { WeChatProtocolError } from './protocol-errors.ts';
import type { ProtocolErrorReason } from './protocol-errors.ts';
import { buildXml, MAX_XML_BYTES, MAX_XML_ELEMENTS, MAX_XML_REFERENCES, parseWeChatXml } from './xml.ts';
import { readFlatXml } from './xml-flat.ts';

function reasonOf(run: () => unknown): ProtocolErrorReason | 'no error' {
  try {
    run();
  } catch (error) {
    if (error instanceof WeChatProtocolError) return error.reason;
    throw error;
  }
  return 'no error';
}

const wrap = (inner: string): string => `<xml>${inner}</xml>`;
const content = (value: string): string =>
  wrap(`<MsgType><![CDATA[text]]></MsgType><Content>${value}</Content>`);

describe('parseWeChatXml: accepted documents', () => {
  it('returns the children of <xml>, ignoring formatting whitespace and the XML declaration', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <ToUserName><![CDATA[gh_1]]></ToUserName>\n' +
      '  <CreateTime>1409735668</CreateTime>\n  <Empty></Empty><SelfClosed/>\n</xml>\n';
    expect({ ...parseWeChatXml(body) }).toEqual({
      ToUserName: 'gh_1',
      CreateTime: '1409735668',
      Empty: '',
      SelfClosed: '',
    });
  });

  it.each([
    ['123', '123'],
    ['0x1A', '0x1A'],
    ['1e5', '1e5'],
    [' 007 ', ' 007 '],
    ['true', 'true'],
    ['<![CDATA[456]]>', '456'],
    ['<![CDATA[ 007 ]]>', ' 007 '],
    ['<![CDATA[   ]]>', '   '],
    ['<![CDATA[]]>', ''],
  ])('keeps Content %j as the exact string %j', (raw, expected) => {
    expect(parseWeChatXml(content(raw))['Content']).toBe(expected);
  });

  it('keeps numeric-looking ids as strings', () => {
    const fields = parseWeChatXml(
      wrap('<FromUserName>0012</FromUserName><MsgId>6054768590064713728</MsgId>'),
    );
    expect(fields['FromUserName']).toBe('0012');
    expect(fields['MsgId']).toBe('6054768590064713728');
  });

  it('merges CDATA with text and decodes the 5 entities and numeric references', () => {
    expect(
      parseWeChatXml(content('a<![CDATA[b]]]]><![CDATA[>c]]>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;'))[
        'Content'
      ],
    ).toBe('ab]]>c&<>"\'AB');
    expect(parseWeChatXml(content('<![CDATA[&amp;]]>'))['Content']).toBe('&amp;');
  });

  it('maps references to characters XML cannot carry to U+FFFD', () => {
    expect(parseWeChatXml(content('a&#xD800;b&#0;c&#x110000;'))['Content']).toBe('a\uFFFDb\uFFFDc\uFFFD');
  });

  it('keeps emoji, CJK, RTL override, zero-width and combining marks', () => {
    const text = '茶叶😀\u202Eevil\u200Bx\u0301';
    expect(parseWeChatXml(content(`<![CDATA[${text}]]>`))['Content']).toBe(text);
  });

  it('turns nested repeated <item> into arrays and keeps single items as objects', () => {
    const body = wrap(
      '<MsgType>event</MsgType><ArticleUrlResult><Count>2</Count><ResultList>' +
        '<item><ArticleIdx>1</ArticleIdx></item><item><ArticleIdx>2</ArticleIdx></item></ResultList>' +
        '</ArticleUrlResult><One><item><A>x</A></item></One>',
    );
    const fields = JSON.parse(JSON.stringify(parseWeChatXml(body)));
    expect(fields.ArticleUrlResult).toEqual({
      Count: '2',
      ResultList: { item: [{ ArticleIdx: '1' }, { ArticleIdx: '2' }] },
    });
    expect(fields.One).toEqual({ item: { A: 'x' } });
  });

  it('creates every object without a prototype', () => {
    const fields = parseWeChatXml(
      wrap('<A><B><C>x</C></B></A><toString>1</toString><hasOwnProperty>2</hasOwnProperty>'),
    );
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(Object.getPrototypeOf(fields['A'])).toBeNull();
    expect(fields['toString']).toBe('1');
    expect(fields['hasOwnProperty']).toBe('2');
  });

  it('decodes up to MAX_XML_REFERENCES numeric references', () => {
    const fields = parseWeChatXml(content('&#65;'.repeat(MAX_XML_REFERENCES)));
    expect(fields['Content']).toBe('A'.repeat(MAX_XML_REFERENCES));
  });

  it('returns an empty record for an empty root', () => {
    expect(Object.keys(parseWeChatXml('<xml></xml>'))).toEqual([]);
    expect(Object.keys(parseWeChatXml('<xml>\n</xml>'))).toEqual([]);
  });
});

describe('parseWeChatXml: refused documents', () => {
  it.each([
    [
      'XXE file entity',
      '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>',
    ],
    [
      'XXE http entity',
      '<!DOCTYPE xml [<!ENTITY x SYSTEM "http://127.0.0.1:9/">]><xml><Content>&x;</Content></xml>',
    ],
    ['a DOCTYPE without entities', '<!DOCTYPE xml><xml><Content>a</Content></xml>'],
    ['a lower-case doctype', '<!doctype xml><xml/>'],
    ['a bare ENTITY declaration', '<xml><!ENTITY x "y"></xml>'],
    ['an ELEMENT declaration', '<xml><!ELEMENT xml ANY></xml>'],
    ['an ATTLIST declaration', '<xml><!AttList xml a CDATA #IMPLIED></xml>'],
  ])('rejects %s as XML_FORBIDDEN', (_name, body) => {
    expect(reasonOf(() => parseWeChatXml(body))).toBe('XML_FORBIDDEN');
  });

  it('never connects to an external entity URL', async () => {
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const body = `<!DOCTYPE xml [<!ENTITY x SYSTEM "http://127.0.0.1:${port}/x">]><xml><C>&x;</C></xml>`;
    expect(reasonOf(() => parseWeChatXml(body))).toBe('XML_FORBIDDEN');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => server.close(resolve));
    expect(connections).toBe(0);
  });

  it('rejects billion laughs and a large-entity × many-references body quickly', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join(
        '',
      ) +
      ']><xml><Content>&lol9;</Content></xml>';
    const big = `<!DOCTYPE xml [<!ENTITY e "${'x'.repeat(9 * 1024)}">]>${content('&e;'.repeat(20_000))}`;
    for (const body of [laughs, big]) {
      const started = performance.now();
      expect(reasonOf(() => parseWeChatXml(body))).toBe('XML_FORBIDDEN');
      expect(performance.now() - started).toBeLessThan(50);
    }
  });

  it('rejects bodies over MAX_XML_BYTES counted in UTF-8 bytes', () => {
    expect(reasonOf(() => parseWeChatXml(content('x'.repeat(MAX_XML_BYTES))))).toBe('XML_TOO_LARGE');
    expect(reasonOf(() => parseWeChatXml(content('中'.repeat(MAX_XML_BYTES / 3))))).toBe('XML_TOO_LARGE');
    expect(reasonOf(() => parseWeChatXml(content('x'.repeat(MAX_XML_BYTES - 100))))).toBe('no error');
    // Long enough in characters that its bytes must be counted, and under the cap in bytes.
    const chinese = content('中'.repeat(Math.floor((MAX_XML_BYTES - 100) / 3)));
    expect(chinese.length * 3).toBeGreaterThan(MAX_XML_BYTES - 300);
    expect(reasonOf(() => parseWeChatXml(chinese))).toBe('no error');
    expect(
      reasonOf(() => parseWeChatXml(content('中'.repeat(MAX_XML_BYTES / 3 - 20) + 'x'.repeat(80)))),
    ).toBe('XML_TOO_LARGE');
  });

  it('rejects 200k numeric references (CVE-2026-33036 shape) in bounded time', () => {
    const body = content('&#65;'.repeat(200_000));
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_XML_BYTES);
    const started = performance.now();
    expect(reasonOf(() => parseWeChatXml(body))).toBe('XML_TOO_LARGE');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('rejects more than MAX_XML_ELEMENTS elements or CDATA sections', () => {
    expect(reasonOf(() => parseWeChatXml(wrap('<A><B/></A>'.repeat(MAX_XML_ELEMENTS))))).toBe(
      'XML_TOO_LARGE',
    );
    expect(reasonOf(() => parseWeChatXml(content('<![CDATA[x]]>'.repeat(MAX_XML_ELEMENTS))))).toBe(
      'XML_TOO_LARGE',
    );
  });

  it('holds flat bodies, which skip the scans before parsing, to the same element limit', () => {
    const fields = (count: number, value: (i: number) => string) =>
      wrap(Array.from({ length: count }, (_, i) => `<F${i}>${value(i)}</F${i}>`).join(''));
    // <xml> plus a tag and a CDATA section per field: 4,999 fields are 9,999 elements, 5,000 are 10,001.
    const within = parseWeChatXml(fields(4_999, () => '<![CDATA[x]]>'));
    expect(Object.keys(within)).toHaveLength(4_999);
    expect(reasonOf(() => parseWeChatXml(fields(5_000, () => '<![CDATA[x]]>')))).toBe('XML_TOO_LARGE');
    expect(reasonOf(() => parseWeChatXml(fields(MAX_XML_ELEMENTS, (i) => String(i))))).toBe('XML_TOO_LARGE');
  });

  it("takes a declaration's text inside CDATA as text, not as markup", () => {
    const said = '<!DOCTYPE x [<!ENTITY e "y">]>';
    expect(parseWeChatXml(content(`<![CDATA[${said}]]>`))['Content']).toBe(said);
    // The same through the validating parser (a carriage return keeps a body off the flat path).
    const withReturn = `<xml>\r\n<A><![CDATA[${said}]]></A><B><![CDATA[x]]></B></xml>`;
    expect(parseWeChatXml(withReturn)['A']).toBe(said);
    for (const body of [
      `<xml>\r\n<A><![CDATA[x]]></A><!DOCTYPE y></xml>`,
      `<xml>\r\n<A><![CDATA[<!DOCTYPE]]></A><!ENTITY e "y"></xml>`,
      `<xml>\r\n<A><![CDATA[x]]></A><B><![CDATA[<!DOCTYPE y></B></xml>`,
    ]) {
      expect(
        reasonOf(() => parseWeChatXml(body)),
        body,
      ).toBe('XML_FORBIDDEN');
    }
  });

  it('does not count markup or ampersands inside CDATA against the limits', () => {
    const inner = '<b>&amp;&'.repeat(MAX_XML_ELEMENTS + 1);
    expect(parseWeChatXml(content(`<![CDATA[${inner}]]>`))['Content']).toBe(inner);
  });

  it.each([
    ['an unclosed tag', '<xml><Content>abc</xml>'],
    ['a truncated body', '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Cont'],
    ['an unclosed root', '<xml><A>1</A>'],
    ['two roots', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
    ['a root that is not xml', '<root><A>1</A></root>'],
    ['text after the root', '<xml><A>1</A></xml>tail'],
    ['random bytes', '\u0000\u00ff\u0013garbage<<>>'],
    ['an empty body', ''],
    ['a UTF-8 BOM', '\uFEFF<xml><A>1</A></xml>'],
    ['UTF-16 read as text', Buffer.from('<xml><A>1</A></xml>', 'utf16le').toString('latin1')],
    ['a GBK declaration', '<?xml version="1.0" encoding="GBK"?><xml><A>1</A></xml>'],
    ['a bare ampersand', content('a & b')],
    ['an unknown entity', content('&nbsp;')],
    ['an html entity', content('&copy;')],
    ['mixed content', wrap('<A>text<B>1</B></A>')],
    ['text directly in the root', '<xml>hello</xml>'],
    ['a <__proto__> tag', wrap('<__proto__><polluted>yes</polluted></__proto__>')],
    [
      'a nested <constructor> tag',
      wrap('<A><constructor><prototype><polluted>yes</polluted></prototype></constructor></A>'),
    ],
    ['a <prototype> tag', wrap('<prototype>1</prototype>')],
    ['nesting deeper than the limit', wrap(`${'<a>'.repeat(100)}x${'</a>'.repeat(100)}`)],
  ])('rejects %s as XML_MALFORMED', (_name, body) => {
    expect(reasonOf(() => parseWeChatXml(body))).toBe('XML_MALFORMED');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('rejects a non-string body as XML_MALFORMED', () => {
    expect(reasonOf(() => parseWeChatXml(Buffer.from('<xml/>') as unknown as string))).toBe('XML_MALFORMED');
  });

  it.each(['MsgType', 'Content', 'FromUserName'])('rejects a duplicated top-level <%s>', (field) => {
    const body = wrap(`<${field}>a</${field}><${field}>b</${field}>`);
    expect(reasonOf(() => parseWeChatXml(body))).toBe('XML_DUPLICATE_FIELD');
  });
});

/** A small seeded PRNG (mulberry32), so generated cases are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Flat-looking documents with every trap the flat reader must leave to the parser. */
function generateDocument(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const names = [
    'ToUserName',
    'Content',
    'MsgId',
    'Location_X',
    'xml',
    '__proto__',
    'A b',
    'A/',
    '1A',
    'A.b',
    '',
  ];
  const pieces = [
    'a',
    ' ',
    '\n',
    '\t',
    '中',
    '😀',
    '>',
    ']]>',
    '&amp;',
    '&#65;',
    '&',
    '\r',
    '\u0000',
    '<',
    '<b>',
    ']]',
  ];
  const text = () => Array.from({ length: Math.floor(random() * 5) }, () => pick(pieces)).join('');
  const value = () =>
    pick([
      () => text(),
      () => `<![CDATA[${text()}]]>`,
      () => `<![CDATA[${text()}]]><![CDATA[${text()}]]>`,
      () => `${text()}<![CDATA[${text()}]]>`,
      () => '<Inner>x</Inner>',
    ])();
  const fields = Array.from({ length: Math.floor(random() * 5) }, () => {
    const name = pick(names);
    const close = random() < 0.9 ? name : pick(names);
    return `${pick(['', ' ', '\n  '])}<${name}>${value()}</${close}>`;
  });
  return `${pick(['', '', ' '])}${pick(['<xml>', '<xml>', '<xml >'])}${fields.join('')}${pick(['', '\n'])}</xml>${pick(['', '\n', 'tail'])}`;
}

describe('parseWeChatXml: the flat fast path', () => {
  it('reads envelopes and messages as the validating parser does', () => {
    const envelope =
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>';
    expect({ ...readFlatXml(envelope) }).toEqual({ ToUserName: 'gh_1', Encrypt: 'abc+/=' });
    expect({ ...parseWeChatXml(`<?xml version="1.0"?>${envelope}`) }).toEqual({ ...readFlatXml(envelope) });
    expect(Object.getPrototypeOf(readFlatXml(envelope))).toBeNull();
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE xml><xml><A>1</A></xml>'],
    ['an entity reference', '<xml><A>&amp;</A></xml>'],
    ['nesting', '<xml><A><B>1</B></A></xml>'],
    ['a self-closing field', '<xml><A/></xml>'],
    ['an attribute', '<xml><A b="1">x</A></xml>'],
    ['a duplicated field', '<xml><A>1</A><A>2</A></xml>'],
    ['a reserved name', '<xml><__proto__>1</__proto__></xml>'],
    ['a carriage return', '<xml><A>a\r\nb</A></xml>'],
    ['two roots', '<xml><A>1</A></xml><xml><A>2</A></xml>'],
    ['an unclosed field', '<xml><A>1</xml>'],
  ])('leaves %s to the validating parser', (_name, body) => {
    expect(readFlatXml(body)).toBeUndefined();
  });

  it('accepts only generated documents the validating parser accepts, with the same fields', () => {
    const random = seeded(20261122);
    let read = 0;
    let leftToParser = 0;
    for (let i = 0; i < 20_000; i++) {
      const body = generateDocument(random);
      const flat = readFlatXml(body);
      if (flat === undefined) {
        leftToParser++;
        continue;
      }
      read++;
      // A leading declaration makes the same document take the validating parser.
      const parsed = parseWeChatXml(`<?xml version="1.0"?>${body}`);
      expect({ ...flat }, JSON.stringify(body)).toEqual({ ...parsed });
    }
    // Both paths are exercised, so the comparison above cannot pass vacuously.
    expect(read).toBeGreaterThan(1000);
    expect(leftToParser).toBeGreaterThan(1000);
  });
});

describe('buildXml', () => {
  it('wraps strings in CDATA and leaves numbers bare', () => {
    expect(buildXml({ ToUserName: 'o1', CreateTime: 1700000000, MsgType: 'text' })).toBe(
      '<xml><ToUserName><![CDATA[o1]]></ToUserName><CreateTime>1700000000</CreateTime>' +
        '<MsgType><![CDATA[text]]></MsgType></xml>',
    );
  });

  it('nests objects and repeats <item> for arrays', () => {
    expect(buildXml({ Articles: [{ Title: 'a' }, { Title: 'b' }], Video: { MediaId: 'm' } })).toBe(
      '<xml><Articles><item><Title><![CDATA[a]]></Title></item><item><Title><![CDATA[b]]></Title></item>' +
        '</Articles><Video><MediaId><![CDATA[m]]></MediaId></Video></xml>',
    );
  });

  it('splits ]]> so content cannot leave its CDATA section', () => {
    const tricky = 'x]]><Injected>1</Injected><![CDATA[y]]>]]]]>';
    const xml = buildXml({ Content: tricky, Other: '<script>alert(1)</script>' });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect({ ...parseWeChatXml(xml) }).toEqual({ Content: tricky, Other: '<script>alert(1)</script>' });
  });

  it('removes characters XML 1.0 forbids and keeps everything else', () => {
    const xml = buildXml({ Content: 'a\u0000b\u0001c\u001Fd\uD800e\uDFFFf\uFFFEg\t\n\r😀茶\u202E\u200B' });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<![CDATA[abcdefg\t\n\r😀茶\u202E\u200B]]>');
    // A parser normalises the lone \r to \n (XML end-of-line handling).
    expect(parseWeChatXml(xml)['Content']).toBe('abcdefg\t\n\n😀茶\u202E\u200B');
  });

  it('removes forbidden characters before splitting ]]>', () => {
    const xml = buildXml({ Content: ']]\u0000>' });
    expect(parseWeChatXml(xml)['Content']).toBe(']]>');
  });

  it('skips null and undefined fields', () => {
    expect(buildXml({ A: 'a', B: { C: undefined, D: null } })).toBe('<xml><A><![CDATA[a]]></A><B></B></xml>');
  });

  it('refuses invalid tag names and non-finite numbers', () => {
    expect(() => buildXml({ 'bad name': 'x' })).toThrow();
    expect(() => buildXml({ 'A><B': 'x' })).toThrow();
    expect(() => buildXml({ N: Number.NaN })).toThrow();
    expect(() => buildXml({ F: { G: () => 1 } })).toThrow();
  });
});
