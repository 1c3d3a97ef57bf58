/** A query keeps at most this many distinct terms; the rest are ignored. */
export const MAX_QUERY_TERMS = 8;

export type QueryTermScript = 'cjk' | 'latin' | 'digit';

export interface QueryTerm {
  text: string;
  /** 'cjk': Han, kana, Hangul; 'digit': no letters ("2024", "3.5"); 'latin': any other word. */
  script: QueryTermScript;
}

/** Scripts written without spaces between words: their runs are matched as substrings. */
const CJK_SCRIPTS = ['Han', 'Hiragana', 'Katakana', 'Hangul', 'Bopomofo'];
const CJK = new RegExp(`^[${CJK_SCRIPTS.map((s) => `\\p{Script_Extensions=${s}}`).join('')}]$`, 'u');
const MARK = /^\p{M}$/u;
const HAS_LETTER = /\p{L}/u;

/** Splits one space-free chunk at the boundaries between CJK runs and other (Latin, digit) runs. */
function splitRuns(chunk: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  let run = '';
  let runIsCjk = false;
  const flush = (): void => {
    if (run !== '') {
      terms.push({ text: run, script: runIsCjk ? 'cjk' : HAS_LETTER.test(run) ? 'latin' : 'digit' });
    }
    run = '';
  };
  for (const char of chunk) {
    // A combining mark belongs to the run of the character before it.
    const isCjk: boolean = MARK.test(char) && run !== '' ? runIsCjk : CJK.test(char);
    if (run !== '' && isCjk !== runIsCjk) flush();
    runIsCjk = isCjk;
    run += char;
  }
  flush();
  return terms;
}

/**
 * Splits a normalised query (the output of `normalizeQuery`) into terms: on spaces, then at the
 * boundaries between CJK and Latin/digit runs ("红色dress" → "红色", "dress"). CJK runs stay whole
 * ("碎花连衣裙" is one term): there is no dictionary segmentation, the index matches substrings.
 * Duplicates are dropped and at most `MAX_QUERY_TERMS` terms are kept, in query order.
 */
export function tokenizeQuery(normalized: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const chunk of normalized.split(' ')) {
    for (const term of splitRuns(chunk)) {
      if (seen.has(term.text)) continue;
      seen.add(term.text);
      terms.push(term);
      if (terms.length === MAX_QUERY_TERMS) return terms;
    }
  }
  return terms;
}
