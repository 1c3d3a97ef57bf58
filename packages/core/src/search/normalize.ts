import { simplifiedCodePoint, toSimplified } from './t2s.ts';

/** A normalised query is cut to this many Unicode code points. */
export const MAX_QUERY_LENGTH = 64;

/**
 * Raw input longer than this (UTF-16 code units) is cut before any other work, so a megabyte-long
 * message costs no more than a short one. Generous: most of it is usually spaces, emoji or punctuation.
 */
const MAX_RAW_QUERY_LENGTH = MAX_QUERY_LENGTH * 16;

const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;
const MARK = /^\p{M}$/u;
/** Zero-width, bidi controls, variation selectors, fillers, soft hyphen, tag characters… */
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
/** A character of a "Latin word" around which `+ # . -` are kept: "c++", "c#", "t-shirt", "3.5". */
const LATIN_WORD = /^[\p{Script=Latin}\p{Nd}]$/u;

/**
 * Text made only of these code units needs no Unicode normalising beyond what `foldFast` does to each
 * code unit on its own: printable ASCII (capitals lower-cased), tab and line breaks, the middle dot,
 * the ideographic space and common CJK punctuation, full-width ASCII (folded to ASCII) and the CJK
 * Unified Ideographs block. None of them composes with a neighbour under NFKC. Anything else takes
 * the full Unicode path. normalize.test.ts checks every code unit of this set against NFKC and
 * toLowerCase.
 */
export const NFKC_STABLE = /^[\t\n\r\x20-\x7e\u00b7\u3000-\u3002\u3008-\u3011\u4e00-\u9fff\uff01-\uff5e]*$/;

// What a code point is on its own (context decides what is kept). A Uint8Array caches it per BMP code
// unit: 0 means "not classified yet", so every class has the FILLED bit.
const FILLED = 0x80;
/** Script=Latin or a decimal digit (LATIN_WORD): a `.` or `-` before it stays in the word. */
const LATIN_NEXT = 0x40;
const C_NONE = 1;
const C_LATIN = 2;
const C_LETTER = 3;
const C_MARK = 4;
const C_INNER = 5; // . -
const C_TRAILING = 6; // + #
const CLASS_MASK = 0x0f;

const bmpClass = new Uint8Array(0x10000);
const astralClass = new Map<number, number>();

function classifyCodePoint(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  const latinNext = LATIN_WORD.test(char) ? LATIN_NEXT : 0;
  let kind = C_NONE;
  if (IGNORABLE.test(char)) kind = C_NONE;
  else if (LETTER.test(char) || NUMBER.test(char)) kind = latinNext ? C_LATIN : C_LETTER;
  else if (MARK.test(char)) kind = C_MARK;
  else if (char === '.' || char === '-') kind = C_INNER;
  else if (char === '+' || char === '#') kind = C_TRAILING;
  return FILLED | latinNext | kind;
}

function classOf(codePoint: number): number {
  if (codePoint <= 0xffff) {
    let value = bmpClass[codePoint] as number;
    if (value === 0) {
      value = classifyCodePoint(codePoint);
      bmpClass[codePoint] = value;
    }
    return value;
  }
  let value = astralClass.get(codePoint);
  if (value === undefined) {
    value = classifyCodePoint(codePoint);
    astralClass.set(codePoint, value);
  }
  return value;
}

// What the previous code point left behind ("joiner" continues a Latin word, so it is stored as LATIN).
const P_NONE = 0;
const P_LATIN = 1;
const P_LETTER = 2;
const P_OTHER = 3;

const codePointAt = (text: string, i: number): number => text.codePointAt(i) as number;

/**
 * Normalises free text for searching, without a length limit: used for the query (through
 * `normalizeQuery`) and for the fields it is matched against (titles, tags, descriptions), so both
 * sides compare equal. An index that matches on stored columns must store this form.
 *
 * Steps: NFKC (full-width → half-width, U+3000 → " ", compatibility ideographs), lower case, traditional
 * → simplified Chinese; then only letters of any script, digits, combining marks after a letter, and
 * `+ # . -` inside a Latin word are kept. Everything else (ASCII and CJK punctuation, symbols, emoji,
 * control, format, zero-width and bidi characters, lone surrogates, private use) becomes a space;
 * whitespace is collapsed and trimmed.
 *
 * Because of this, SQL, LIKE and FTS syntax (`" * % _ ' ( ) \ ^ :` and so on) can never survive into
 * a term, and FTS operators come out lower case (`or`, `near`), which FTS5 reads as plain words. This
 * is a second line of defence only: the index must still bind terms as parameters, escape LIKE
 * patterns and quote FTS terms (`.`, `-`, `+` and `#` remain possible inside a term).
 *
 * Fast: one pass over code points with per-code-point classes cached in a table (the Unicode property
 * regexes run once per distinct character), and NFKC skipped for text it cannot change.
 */
export function normalizeText(raw: string): string {
  // Common Chinese and ASCII text: NFKC changes nothing and only ASCII capitals need lower-casing,
  // which the loop does; traditional characters are converted per code point (same as toSimplified).
  const fast = NFKC_STABLE.test(raw);
  const text = fast ? raw : toSimplified(raw.normalize('NFKC').toLowerCase().normalize('NFKC'));
  // Output code units; a kept code point never takes more than 2, a space is written instead of 1+.
  if (buffer.length < text.length * 2) buffer = new Uint16Array(text.length * 2);
  const out = buffer;
  let length = 0;
  let previous = P_NONE;
  let pendingSpace = false;
  let i = 0;
  while (i < text.length) {
    let codePoint = text.charCodeAt(i);
    if (codePoint >= 0xd800 && codePoint <= 0xdbff) codePoint = codePointAt(text, i);
    const width = codePoint > 0xffff ? 2 : 1;
    if (fast) codePoint = foldFast(codePoint);
    const kind = classOf(codePoint) & CLASS_MASK;
    let kept = P_NONE;
    if (kind === C_LETTER) {
      kept = P_LETTER;
    } else if (kind === C_LATIN) {
      kept = P_LATIN;
    } else if (kind === C_MARK) {
      // A combining mark is kept after a letter it can combine with, and continues that letter's word.
      if (previous === P_LATIN || previous === P_LETTER) kept = previous;
    } else if (kind === C_INNER) {
      // After "c." the next digit or letter continues the Latin word.
      if (previous === P_LATIN && i + width < text.length) {
        const next = codePointAt(text, i + width);
        if (classOf(fast ? foldFast(next) : next) & LATIN_NEXT) kept = P_LATIN;
      }
    } else if (kind === C_TRAILING) {
      // After "c+" only another + or #.
      if (previous === P_LATIN || previous === P_OTHER) kept = P_OTHER;
    }
    if (kept === P_NONE) {
      if (previous !== P_NONE && length > 0) pendingSpace = true;
    } else {
      if (pendingSpace) out[length++] = 0x20;
      pendingSpace = false;
      if (codePoint > 0xffff) {
        out[length++] = 0xd800 + ((codePoint - 0x10000) >> 10);
        out[length++] = 0xdc00 + ((codePoint - 0x10000) & 0x3ff);
      } else {
        out[length++] = codePoint;
      }
    }
    previous = kept;
    i += width;
  }
  return toText(out, length);
}

/**
 * NFKC, lower case and simplified form of a code unit of NFKC_STABLE text (what `normalizeText`'s
 * Unicode path does to it).
 */
export function foldFast(codePoint: number): number {
  if (codePoint < 0x80) return codePoint >= 0x41 && codePoint <= 0x5a ? codePoint + 0x20 : codePoint;
  if (codePoint >= 0xff01 && codePoint <= 0xff5e) return foldFast(codePoint - 0xfee0);
  if (codePoint === 0x3000) return 0x20;
  return codePoint >= 0x4e00 ? simplifiedCodePoint(codePoint) : codePoint;
}

let buffer = new Uint16Array(1024);
const CHUNK = 8192;

function toText(units: Uint16Array, length: number): string {
  if (length <= CHUNK)
    return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  let text = '';
  for (let i = 0; i < length; i += CHUNK) {
    const part = units.subarray(i, Math.min(length, i + CHUNK));
    text += String.fromCharCode.apply(null, part as unknown as number[]);
  }
  return text;
}

/**
 * Normalises a search query: `normalizeText`, then cut to `MAX_QUERY_LENGTH` code points (a surrogate
 * pair is never split) with any `.` or `-` left dangling by the cut removed. Returns '' when nothing
 * searchable is left ("！！！", "   ", only emoji).
 */
export function normalizeQuery(raw: string): string {
  const bounded = raw.length > MAX_RAW_QUERY_LENGTH ? raw.slice(0, MAX_RAW_QUERY_LENGTH) : raw;
  const normalized = normalizeText(bounded);
  const chars = Array.from(normalized);
  if (chars.length <= MAX_QUERY_LENGTH) return normalized;
  const cut = chars.slice(0, MAX_QUERY_LENGTH);
  while (cut.length > 0 && (cut.at(-1) === '.' || cut.at(-1) === '-' || cut.at(-1) === ' ')) cut.pop();
  return cut.join('');
}
