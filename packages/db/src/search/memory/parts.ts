/**
 * Building blocks of the in-process search index (memory-index.ts): growable typed arrays, bitsets by
 * slot, and the page of best rank keys.
 */

/** A growable Int32Array. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}

export const wordsFor = (slots: number): number => Math.ceil(slots / 32);

export function grownTo(bits: Int32Array, slots: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(wordsFor(slots));
  grown.set(bits);
  return grown;
}

export function setBit(bits: Int32Array, slot: number, on: boolean): void {
  if (on) bits[slot >>> 5]! |= 1 << (slot & 31);
  else bits[slot >>> 5]! &= ~(1 << (slot & 31));
}

export function setBits(
  bits: Int32Array,
  slots: Int32Array,
  start: number,
  end: number,
  check: ((slot: number) => boolean) | null,
): void {
  if (check === null) {
    for (let i = start; i < end; i += 1) {
      const slot = slots[i]!;
      bits[slot >>> 5]! |= 1 << (slot & 31);
    }
    return;
  }
  for (let i = start; i < end; i += 1) {
    const slot = slots[i]!;
    if (check(slot)) bits[slot >>> 5]! |= 1 << (slot & 31);
  }
}

export function forEachBit(bits: Int32Array, words: number, visit: (slot: number) => void): void {
  for (let w = 0; w < words; w += 1) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      visit(w * 32 + 31 - Math.clz32(low));
    }
  }
}

export function popcount32(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** compareRanked on rank keys (in stock, score, sales, id): negative when `a` comes first. */
export function compareRank(
  aInStock: number,
  aScore: number,
  aSales: number,
  aId: number,
  bInStock: number,
  bScore: number,
  bSales: number,
  bId: number,
): number {
  if (aInStock !== bInStock) return bInStock - aInStock;
  if (aScore !== bScore) return bScore - aScore;
  if (aSales !== bSales) return bSales - aSales;
  return bId - aId;
}

/** The best few rank keys seen, best first (insertion into a short sorted run). */
export class RankKeys {
  inStock: Int32Array;
  score: Int32Array;
  sales: Int32Array;
  ids: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.inStock = new Int32Array(capacity);
    this.score = new Int32Array(capacity);
    this.sales = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  /** Keeps the key when it is among the best `limit`. */
  offer(inStock: number, score: number, sales: number, id: number, limit: number): void {
    let at = this.length;
    if (at === limit && this.#compareAt(at - 1, inStock, score, sales, id) <= 0) return;
    while (at > 0 && this.#compareAt(at - 1, inStock, score, sales, id) > 0) at -= 1;
    const last = Math.min(this.length, limit - 1);
    for (let i = last; i > at; i -= 1) {
      this.inStock[i] = this.inStock[i - 1]!;
      this.score[i] = this.score[i - 1]!;
      this.sales[i] = this.sales[i - 1]!;
      this.ids[i] = this.ids[i - 1]!;
    }
    this.inStock[at] = inStock;
    this.score[at] = score;
    this.sales[at] = sales;
    this.ids[at] = id;
    this.length = Math.min(this.length + 1, limit);
  }

  /** Whether any key with this stock flag and score ranks after the last kept one, whatever its sales and id. */
  ranksAfterLast(inStock: number, score: number): boolean {
    if (this.length === 0) return false;
    const last = this.length - 1;
    if (inStock !== this.inStock[last]) return inStock < this.inStock[last]!;
    return score < this.score[last]!;
  }

  /** Whether the given key ranks after the last kept one. */
  isAfterLast(inStock: number, score: number, sales: number, id: number): boolean {
    return this.length > 0 && this.#compareAt(this.length - 1, inStock, score, sales, id) < 0;
  }

  /** compareRank of the key at `i` against the given one: positive when the given one comes first. */
  #compareAt(i: number, inStock: number, score: number, sales: number, id: number): number {
    return compareRank(
      this.inStock[i]!,
      this.score[i]!,
      this.sales[i]!,
      this.ids[i]!,
      inStock,
      score,
      sales,
      id,
    );
  }

  key(i: number): [0 | 1, number, number, number] {
    return [this.inStock[i] === 1 ? 1 : 0, this.score[i]!, this.sales[i]!, this.ids[i]!];
  }
}
