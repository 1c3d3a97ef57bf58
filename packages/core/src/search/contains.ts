/**
 * The one substring test of search: does a normalised field contain an alternative? CJK text has no
 * spaces between words, so it is matched anywhere; a Latin word (or number) only as a whole word, so
 * "shirt" does not find "t-shirt" or "sweatshirt", nor "red" "tired".
 */

/** Characters that make up a Latin word: letters and digits of non-CJK scripts, and the hyphen. */
const WORD_CHAR = /[\p{L}\p{N}-]/u;
const CJK_CHAR =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;

/** True for a character of a Latin (non-CJK) word. */
export function isWordChar(char: string | undefined): boolean {
  return char !== undefined && char !== '' && WORD_CHAR.test(char) && !CJK_CHAR.test(char);
}

/**
 * True when `text` contains `alternative`; an alternative that starts (ends) with a Latin word
 * character only where no word character comes right before (after) it. Both are in `normalizeText`
 * form. Every engine uses this test, directly or on the tokens of a field.
 */
export function containsTerm(text: string, alternative: string): boolean {
  if (alternative === '') return false;
  const left = isWordChar(alternative[0]);
  const right = isWordChar(alternative.at(-1));
  if (!left && !right) return text.includes(alternative);
  for (let at = text.indexOf(alternative); at >= 0; at = text.indexOf(alternative, at + 1)) {
    const end = at + alternative.length;
    if ((!left || !isWordChar(text[at - 1])) && (!right || !isWordChar(text[end]))) return true;
  }
  return false;
}
