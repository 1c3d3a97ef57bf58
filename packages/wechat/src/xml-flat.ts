import type { XmlValue } from './xml.ts';

const ROOT_OPEN = '<xml>';
const ROOT_CLOSE = '</xml>';
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
/** WeChat's field names: ASCII letters, digits and `_` (`Location_X`); anything else takes the parser. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function skipFormatting(body: string, at: number): number {
  let index = at;
  for (;;) {
    const code = body.charCodeAt(index);
    // space, tab, line feed (a body with \r never gets here)
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a) return index;
    index++;
  }
}

/**
 * Reads the shape nearly every WeChat push has, the safe-mode envelope and the decrypted message
 * alike: `<xml>`, then flat `<Name>value</Name>` fields, each value one CDATA section or plain text
 * without references, separated by formatting whitespace. One linear pass with `indexOf`, no
 * backtracking, and no object but the result.
 *
 * Returns undefined for anything else — a declaration, a comment, an attribute, nesting, a
 * self-closing or repeated field, an entity or character reference, a carriage return (the parser
 * normalises line ends), a reserved name — and the caller hands the body to the validating parser.
 * So this path only ever accepts documents that parser accepts, with the same result (xml.test.ts
 * compares both on generated documents). With no declaration, no reference and at most `maxFields`
 * fields, what it accepts needs none of the parser's checks before parsing but the size.
 */
export function readFlatXml(body: string, maxFields = Infinity): Record<string, XmlValue> | undefined {
  if (!body.startsWith(ROOT_OPEN) || body.includes('\r')) return undefined;
  const fields: Record<string, XmlValue> = Object.create(null);
  let count = 0;
  let at = skipFormatting(body, ROOT_OPEN.length);
  while (!body.startsWith('</', at)) {
    if (body.charCodeAt(at) !== 0x3c /* < */ || ++count > maxFields) return undefined;
    const nameEnd = body.indexOf('>', at + 1);
    if (nameEnd === -1) return undefined;
    const name = body.slice(at + 1, nameEnd);
    if (!FIELD_NAME.test(name) || RESERVED_NAMES.has(name) || Object.hasOwn(fields, name)) return undefined;
    let value: string;
    let valueEnd: number;
    if (body.startsWith(CDATA_OPEN, nameEnd + 1)) {
      const cdataEnd = body.indexOf(CDATA_CLOSE, nameEnd + 1 + CDATA_OPEN.length);
      if (cdataEnd === -1) return undefined;
      value = body.slice(nameEnd + 1 + CDATA_OPEN.length, cdataEnd);
      valueEnd = cdataEnd + CDATA_CLOSE.length;
    } else {
      valueEnd = body.indexOf('<', nameEnd + 1);
      if (valueEnd === -1) return undefined;
      value = body.slice(nameEnd + 1, valueEnd);
      if (value.includes('&')) return undefined;
    }
    // The closing tag must follow at once: CDATA mixed with text, or a second section, takes the parser.
    if (
      body.charCodeAt(valueEnd) !== 0x3c ||
      body.charCodeAt(valueEnd + 1) !== 0x2f /* / */ ||
      !body.startsWith(name, valueEnd + 2) ||
      body.charCodeAt(valueEnd + 2 + name.length) !== 0x3e /* > */
    ) {
      return undefined;
    }
    fields[name] = value;
    at = skipFormatting(body, valueEnd + name.length + 3);
  }
  if (!body.startsWith(ROOT_CLOSE, at)) return undefined;
  return skipFormatting(body, at + ROOT_CLOSE.length) === body.length ? fields : undefined;
}
