import { toSimplified } from './t2s.ts';

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
const INNER_JOINERS = new Set(['.', '-']);
const TRAILING_JOINERS = new Set(['+', '#']);

type Kept = 'none' | 'latin' | 'letter' | 'joiner' | 'other';

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
 */
export function normalizeText(raw: string): string {
  const chars = Array.from(toSimplified(raw.normalize('NFKC').toLowerCase().normalize('NFKC')));
  const out: string[] = [];
  let previous: Kept = 'none';
  for (let i = 0; i < chars.length; i += 1) {
    const char = chars[i] as string;
    let kept: Kept = 'none';
    if (IGNORABLE.test(char)) {
      kept = 'none';
    } else if (LETTER.test(char) || NUMBER.test(char)) {
      kept = LATIN_WORD.test(char) ? 'latin' : 'letter';
    } else if (MARK.test(char)) {
      // A combining mark is kept after a letter it can combine with, and continues that letter's word.
      if (previous === 'latin' || previous === 'letter') kept = previous;
    } else if (INNER_JOINERS.has(char)) {
      if (previous === 'latin' && LATIN_WORD.test(chars[i + 1] ?? '')) kept = 'joiner';
    } else if (TRAILING_JOINERS.has(char)) {
      if (previous === 'latin' || (previous === 'other' && TRAILING_JOINERS.has(out.at(-1) ?? ''))) {
        kept = 'other';
      }
    }
    if (kept === 'none') {
      if (previous !== 'none' && out.length > 0) out.push(' ');
    } else {
      out.push(char);
    }
    // After "c." the next digit or letter continues the Latin word; after "c+" only another + or #.
    previous = kept === 'joiner' ? 'latin' : kept;
  }
  return out.join('').trim();
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
  while (cut.length > 0 && (INNER_JOINERS.has(cut.at(-1) ?? '') || cut.at(-1) === ' ')) cut.pop();
  return cut.join('');
}
