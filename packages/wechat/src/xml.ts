import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { WeChatProtocolError } from './protocol-errors.ts';
import { readFlatXml } from './xml-flat.ts';

/** Largest body parseWeChatXml accepts, in UTF-8 bytes. */
export const MAX_XML_BYTES = 1024 * 1024;
/** Most start tags plus CDATA sections a body may hold; WeChat pushes carry a few dozen. */
export const MAX_XML_ELEMENTS = 10_000;
/** Most entity/character references outside CDATA; WeChat itself sends text as CDATA. */
export const MAX_XML_REFERENCES = 10_000;
const MAX_DEPTH = 32;
/** Fields the flat reader takes: `<xml>` plus a tag and a CDATA section each stays within MAX_XML_ELEMENTS. */
const MAX_FLAT_FIELDS = Math.floor((MAX_XML_ELEMENTS - 1) / 2);

export type XmlValue = string | { [key: string]: XmlValue } | XmlValue[];

/** Values buildXml understands: strings become CDATA, numbers stay bare, objects/arrays nest. */
export type XmlBuildInput = Record<string, string | number | Record<string, unknown> | unknown[]>;

/** Sticky: tested at each `<!` outside CDATA (declaresOutsideCdata). */
const FORBIDDEN_DECLARATION = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)/iy;
const ENCODING_DECLARATION = /^<\?xml\b[^>]*?\bencoding\s*=\s*["']([^"']*)["']/i;
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const FORMATTING_ONLY = /^[ \t\r\n]*$/;
// The 5 predefined entities and numeric references; a bare `&` (the optional group missing) is an error.
const REFERENCE = /&(?:#x([0-9A-Fa-f]{1,6});|#(\d{1,7});|(amp|lt|gt|quot|apos);)?/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Everything outside XML 1.0 `Char`: C0 controls but \t \n \r, lone surrogates, U+FFFE and U+FFFF.
const NON_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const TAG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const TEXT = '#text';
const CDATA = '#cdata';
const ATTRIBUTES = ':@';

// Entities are left alone by the library (processEntities: false) and decoded by decodeText below, so no
// DOCTYPE entity can ever be expanded and numeric references cost one linear pass.
const parser = new XMLParser({
  preserveOrder: true,
  cdataPropName: CDATA,
  textNodeName: TEXT,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: false,
  maxNestedTags: MAX_DEPTH,
  onDangerousProperty: (name: string) => name,
});

type OrderedNode = Record<string, unknown>;

function fail(reason: 'XML_MALFORMED' | 'XML_DUPLICATE_FIELD', message: string): never {
  throw new WeChatProtocolError(reason, message);
}

function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** Decodes the 5 XML entities and numeric references; references to non-XML characters become U+FFFD. */
function decodeText(raw: string): string {
  if (!raw.includes('&')) return raw;
  let bad = false;
  const decoded = raw.replace(REFERENCE, (match, hex?: string, dec?: string, named?: string) => {
    if (named !== undefined) return NAMED_ENTITIES[named] ?? '';
    if (hex === undefined && dec === undefined) {
      bad = true;
      return match;
    }
    const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    return isXmlChar(codePoint) ? String.fromCodePoint(codePoint) : '\uFFFD';
  });
  if (bad) fail('XML_MALFORMED', 'unknown entity or bare "&" in text');
  return decoded;
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  let text = '';
  for (const part of value as OrderedNode[]) {
    const piece = part[TEXT];
    if (typeof piece === 'string') text += piece;
  }
  return text;
}

function addField(target: Record<string, XmlValue>, name: string, value: XmlValue, topLevel: boolean): void {
  if (!Object.hasOwn(target, name)) {
    target[name] = value;
    return;
  }
  if (topLevel) fail('XML_DUPLICATE_FIELD', `duplicated field <${name}>`);
  const existing = target[name];
  if (Array.isArray(existing)) existing.push(value);
  else if (existing !== undefined) target[name] = [existing, value];
}

/** Turns one element's ordered children into a string (leaf) or a null-prototype record (branch). */
function convertChildren(children: unknown, topLevel: boolean): XmlValue {
  if (!Array.isArray(children)) return '';
  const fields: Record<string, XmlValue> = Object.create(null);
  let text = '';
  let hasElements = false;
  let hasCdata = false;
  for (const node of children as OrderedNode[]) {
    for (const key of Object.keys(node)) {
      if (key === ATTRIBUTES) continue;
      const value = node[key];
      if (key === TEXT) {
        text += decodeText(String(value));
      } else if (key === CDATA) {
        hasCdata = true;
        text += cdataText(value);
      } else {
        if (RESERVED_NAMES.has(key)) fail('XML_MALFORMED', `reserved tag name <${key}>`);
        hasElements = true;
        addField(fields, key, convertChildren(value, false), topLevel);
      }
    }
  }
  if (!hasElements) return text;
  if (hasCdata || !FORMATTING_ONLY.test(text)) fail('XML_MALFORMED', 'mixed text and element content');
  return fields;
}

/**
 * Calls `visit` at each occurrence of `needle` outside CDATA sections and `onSection` at each
 * section, in order, until one returns true; returns whether one did. Linear: every occurrence and
 * every section is visited once. After an unclosed section the rest is walked as markup (the
 * validator refuses such a body; the checks before it must not take the rest for text).
 */
function someOutsideCdata(
  body: string,
  needle: string,
  visit: (index: number) => boolean,
  onSection: () => boolean = () => false,
): boolean {
  let section = body.indexOf('<![CDATA[');
  let index = body.indexOf(needle);
  while (index !== -1) {
    if (section !== -1 && index >= section) {
      const end = body.indexOf(']]>', section + 9);
      if (end === -1) {
        section = -1;
        continue;
      }
      if (onSection()) return true;
      if (index < end + 3) index = body.indexOf(needle, end + 3);
      section = body.indexOf('<![CDATA[', end + 3);
      continue;
    }
    if (visit(index)) return true;
    index = body.indexOf(needle, index + needle.length);
  }
  return false;
}

/** Counts `char` outside CDATA sections (plus the sections themselves when `countSections`), stopping once past `cap`. */
function countOutsideCdata(body: string, char: '<' | '&', cap: number, countSections: boolean): number {
  let count = 0;
  someOutsideCdata(
    body,
    char,
    (index) => {
      const next = body.charCodeAt(index + 1);
      // For '<': start tags only (not </, <!-- or <?).
      if (char === '&' || (next !== 0x2f && next !== 0x21 && next !== 0x3f)) count++;
      return count > cap;
    },
    () => {
      if (countSections) count++;
      return count > cap;
    },
  );
  return count;
}

/**
 * Whether a DOCTYPE, ENTITY, ELEMENT or ATTLIST declaration starts anywhere but inside a CDATA
 * section, where it is only text (a fan may type it).
 */
function declaresOutsideCdata(body: string): boolean {
  return someOutsideCdata(body, '<!', (index) => {
    FORBIDDEN_DECLARATION.lastIndex = index;
    return FORBIDDEN_DECLARATION.test(body);
  });
}

function checkSize(body: unknown): asserts body is string {
  if (typeof body !== 'string') fail('XML_MALFORMED', 'body is not a string');
  // A UTF-16 code unit is at most 3 bytes of UTF-8: only a body that long needs its bytes counted
  // (counting them scans a Chinese body on every message, bench/results/2026-12-05-webhook-6.txt).
  const mayBeTooLarge = body.length * 3 > MAX_XML_BYTES;
  if (body.length > MAX_XML_BYTES || (mayBeTooLarge && Buffer.byteLength(body, 'utf8') > MAX_XML_BYTES)) {
    throw new WeChatProtocolError('XML_TOO_LARGE', `body over ${MAX_XML_BYTES} bytes`);
  }
}

/** What the validating parser needs checked first: declarations, encoding, and the size of the work. */
function checkBeforeParsing(body: string): void {
  if (declaresOutsideCdata(body)) {
    throw new WeChatProtocolError('XML_FORBIDDEN', 'DOCTYPE/ENTITY/ELEMENT/ATTLIST declarations are refused');
  }
  if (body.charCodeAt(0) === 0xfeff) fail('XML_MALFORMED', 'byte order mark');
  const encoding = ENCODING_DECLARATION.exec(body)?.[1];
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) fail('XML_MALFORMED', `encoding ${encoding}`);
  if (countOutsideCdata(body, '<', MAX_XML_ELEMENTS, true) > MAX_XML_ELEMENTS) {
    throw new WeChatProtocolError('XML_TOO_LARGE', `more than ${MAX_XML_ELEMENTS} elements/CDATA sections`);
  }
  if (countOutsideCdata(body, '&', MAX_XML_REFERENCES, false) > MAX_XML_REFERENCES) {
    throw new WeChatProtocolError('XML_TOO_LARGE', `more than ${MAX_XML_REFERENCES} entity references`);
  }
}

/**
 * Parses a WeChat push body and returns the children of its single `<xml>` root. Every value is a string
 * (never coerced to number/boolean), CDATA is merged into text and kept untrimmed, repeated nested tags
 * become arrays, and every object has a null prototype. Throws WeChatProtocolError otherwise.
 */
export function parseWeChatXml(body: string): Record<string, XmlValue> {
  checkSize(body);
  // The common flat shape is read in one pass; everything else is checked, validated and parsed in
  // full. The flat reader accepts no declaration, no reference and no more fields than the element
  // limit, so the checks before parsing could refuse none of what it accepts: they are skipped for
  // it (four scans of each of the two bodies in a safe-mode message). A declaration's text inside a
  // CDATA section is a fan's words, not markup.
  const flat = readFlatXml(body, MAX_FLAT_FIELDS);
  if (flat !== undefined) return flat;
  checkBeforeParsing(body);
  let validation: ReturnType<typeof XMLValidator.validate>;
  try {
    validation = XMLValidator.validate(body);
  } catch {
    fail('XML_MALFORMED', 'validator failed');
  }
  if (validation !== true) fail('XML_MALFORMED', `${validation.err.code}: ${validation.err.msg}`);

  let document: unknown;
  try {
    document = parser.parse(body);
  } catch (error) {
    fail('XML_MALFORMED', error instanceof Error ? error.message : 'parser failed');
  }
  const roots = (Array.isArray(document) ? (document as OrderedNode[]) : []).filter(
    (node) => !Object.hasOwn(node, TEXT),
  );
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || !Object.hasOwn(root, 'xml')) {
    fail('XML_MALFORMED', 'expected a single <xml> root');
  }
  const fields = convertChildren(root['xml'], true);
  if (typeof fields !== 'string') return fields as Record<string, XmlValue>;
  if (!FORMATTING_ONLY.test(fields)) fail('XML_MALFORMED', 'text directly inside <xml>');
  return Object.create(null) as Record<string, XmlValue>;
}

/** Removes characters XML 1.0 cannot carry (NUL and other C0 controls, lone surrogates, U+FFFE/U+FFFF). */
export function stripNonXmlChars(text: string): string {
  return text.replace(NON_XML_CHARS, '');
}

/** Wraps text in CDATA so that no content (not even `]]>`) can close the section early. */
export function cdataSection(text: string): string {
  return `<![CDATA[${stripNonXmlChars(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function buildElement(name: string, value: unknown, depth: number): string {
  if (!TAG_NAME.test(name)) throw new Error(`buildXml: invalid tag name ${JSON.stringify(name)}`);
  if (depth > MAX_DEPTH) throw new Error('buildXml: nesting too deep');
  if (value === undefined || value === null) return '';
  let inner: string;
  if (typeof value === 'string') inner = cdataSection(value);
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`buildXml: <${name}> is not a finite number`);
    inner = String(value);
  } else if (typeof value === 'bigint') inner = value.toString();
  else if (typeof value === 'boolean') inner = cdataSection(String(value));
  else if (Array.isArray(value)) inner = value.map((item) => buildElement('item', item, depth + 1)).join('');
  else if (typeof value === 'object') inner = buildChildren(value as Record<string, unknown>, depth + 1);
  else throw new Error(`buildXml: <${name}> has an unsupported ${typeof value} value`);
  return `<${name}>${inner}</${name}>`;
}

function buildChildren(record: Record<string, unknown>, depth: number): string {
  return Object.keys(record)
    .map((key) => buildElement(key, record[key], depth))
    .join('');
}

/**
 * Builds `<xml>…</xml>`: strings as CDATA (with `]]>` split), numbers bare, nested objects as child
 * elements and arrays as repeated `<item>` elements; null/undefined fields are left out.
 */
export function buildXml(root: XmlBuildInput): string {
  return `<xml>${buildChildren(root, 1)}</xml>`;
}
