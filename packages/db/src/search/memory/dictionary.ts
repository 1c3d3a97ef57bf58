/**
 * The distinct tokens of the in-process search index (memory-index.ts) with an index of their
 * characters and character pairs, so the tokens containing a text are found without reading them all.
 */
import { IntList } from './parts.ts';

const pairKey = (text: string, i: number): number => text.charCodeAt(i) * 0x10000 + text.charCodeAt(i + 1);

export class TokenDictionary {
  /** Token by id. */
  readonly tokens: string[] = [];
  #ids = new Map<string, number>();
  /** Code unit → tokens containing it; code unit pair → tokens containing it. */
  #singles = new Map<number, IntList>();
  #pairs = new Map<number, IntList>();
  /** Last code unit → tokens ending with it; last pair → tokens ending with it. */
  #lastSingles = new Map<number, IntList>();
  #lastPairs = new Map<number, IntList>();

  /** The id of a token, added when new. */
  idOf(token: string): number {
    let id = this.#ids.get(token);
    if (id !== undefined) return id;
    id = this.tokens.length;
    this.tokens.push(token);
    this.#ids.set(token, id);
    const seen = new Set<number>();
    for (let i = 0; i < token.length; i += 1) {
      const single = token.charCodeAt(i);
      if (!seen.has(single)) {
        seen.add(single);
        addTo(this.#singles, single, id);
      }
      if (i + 1 < token.length) {
        const pair = pairKey(token, i);
        if (!seen.has(pair)) {
          seen.add(pair);
          addTo(this.#pairs, pair, id);
        }
      }
    }
    const last = token.length - 1;
    addTo(this.#lastSingles, token.charCodeAt(last), id);
    if (last > 0) addTo(this.#lastPairs, pairKey(token, last - 1), id);
    return id;
  }
  /** Dictionary tokens that contain `text` (which has no space unless it is a whole tag). */
  containing(text: string): number[] {
    if (text.length === 1) {
      const list = this.#singles.get(text.charCodeAt(0));
      return list ? Array.from(list.data.subarray(0, list.length)) : [];
    }
    let shortest: IntList | undefined;
    for (let i = 0; i + 1 < text.length; i += 1) {
      const list = this.#pairs.get(pairKey(text, i));
      if (!list) return [];
      if (!shortest || list.length < shortest.length) shortest = list;
    }
    const out: number[] = [];
    if (!shortest) return out;
    for (let i = 0; i < shortest.length; i += 1) {
      const token = shortest.data[i]!;
      if (text.length === 2 || this.tokens[token]!.includes(text)) out.push(token);
    }
    return out;
  }
  /** Tokens that end with `text`. */
  endingWith(text: string): number[] {
    const last = text.length - 1;
    const list =
      last === 0 ? this.#lastSingles.get(text.charCodeAt(0)) : this.#lastPairs.get(pairKey(text, last - 1));
    if (!list) return [];
    const out: number[] = [];
    for (let i = 0; i < list.length; i += 1) {
      const token = list.data[i]!;
      if (text.length <= 2 || this.tokens[token]!.endsWith(text)) out.push(token);
    }
    return out;
  }

  /** Estimated bytes: the strings (2 per code unit + header, Map entry, array slot) and the lists. */
  get bytes(): number {
    let bytes = 0;
    for (const token of this.tokens) bytes += token.length * 2 + 64;
    for (const map of [this.#singles, this.#pairs, this.#lastSingles, this.#lastPairs]) {
      for (const list of map.values()) bytes += list.bytes + 64;
    }
    return bytes;
  }
}

function addTo(map: Map<number, IntList>, key: number, value: number): void {
  let list = map.get(key);
  if (!list) {
    list = new IntList(2);
    map.set(key, list);
  }
  list.push(value);
}
