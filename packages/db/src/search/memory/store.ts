/**
 * The data of the in-process search index (memory-index.ts) and the operations on one slot: the
 * slot arrays and flag bitsets, the forward token lists, the dictionary and each field's posting
 * lists. Building (build.ts), updating (update.ts) and querying
 * (terms.ts, rank.ts) all work on one `IndexStore`.
 */
import { grownTo, IntList, setBit, setBits, forEachBit, wordsFor } from './parts.ts';
import { TokenDictionary } from './dictionary.ts';

/** What the index needs of one product: `product_search`'s columns and the product's state. */
export interface MemoryProduct {
  id: number;
  title: string;
  subtitle: string;
  /** Normalised tags, one per line. */
  tags: string;
  description: string;
  onShelf: boolean;
  inStock: boolean;
  salesCount: number;
  categoryId: number | null;
}

export const FIELD_TITLE = 0;
export const FIELD_TAGS = 1;
export const FIELD_SUBTITLE = 2;
export const FIELD_DESCRIPTION = 3;
export const FIELDS = 4;

export const ALIVE = 1;
export const ON_SHELF = 2;
export const IN_STOCK = 4;

const TAG_SEPARATOR = '\n';
/** Distinct field texts whose token ids are remembered while adding products. */
const TOKEN_MEMO = 100_000;

/** Posting lists of one field: a compact base (token → slots, built at once) plus per-token overflow. */
export interface FieldPostings {
  /** Base lists: slots of token t are data[offsets[t]] … data[offsets[t + 1] - 1]. */
  offsets: Int32Array;
  data: Int32Array;
  /** Base lists of tokens in at least 1/32 of the products, as bitsets by slot instead. */
  dense: (Int32Array | undefined)[];
  /** Slots added after the base was built. */
  extra: (IntList | undefined)[];
}

export function splitField(field: number, text: string): string[] {
  if (text === '') return [];
  return text.split(field === FIELD_TAGS ? TAG_SEPARATOR : ' ').filter((token) => token !== '');
}

export class IndexStore {
  // Slots.
  ids = new IntList(1024);
  flags = new Uint8Array(1024);
  category = new IntList(1024);
  sales = new IntList(1024);
  /** Forward lists: for slot s, from forwardStart[s]: per field a count then that many token ids. */
  forwardStart = new IntList(1024);
  forward = new IntList(4096);
  /** Product id → slot + 1 (0: none). */
  slotOfId = new Int32Array(1024);
  liveProducts = 0;

  dictionary = new TokenDictionary();
  /** Per token, a bit per field in which it has postings. */
  fieldMask = new Uint8Array(1024);

  postings: FieldPostings[] = Array.from({ length: FIELDS }, () => ({
    offsets: new Int32Array(1),
    data: new Int32Array(0),
    dense: [],
    extra: [],
  }));

  /** Per category id, a bitset of its live slots (for terms that name a category). */
  categoryBits = new Map<number, Int32Array>();
  /** Bitsets by slot, kept with the flags: live, live and on shelf, in stock. */
  aliveBits = new Int32Array(32);
  shelfBits = new Int32Array(32);
  stockBits = new Int32Array(32);

  /** Slots below this are in rank-key order (as of the build) unless listed in `dirty`. */
  orderedSlots = 0;
  /** Slots whose sales changed since the build, and slots added after it: read one by one. */
  dirty = new IntList(64);
  isDirty = new Uint8Array(1024);

  /** Per field, token ids by text (cleared when a build is laid out). */
  memo = Array.from({ length: FIELDS }, () => new Map<string, readonly number[]>());

  slotOf(id: number): number {
    return id < this.slotOfId.length ? this.slotOfId[id]! - 1 : -1;
  }

  markDirty(slot: number): void {
    if (this.isDirty[slot] === 1) return;
    this.isDirty[slot] = 1;
    this.dirty.push(slot);
  }

  markField(token: number, field: number): void {
    if (token >= this.fieldMask.length) {
      const grown = new Uint8Array(Math.max(token + 1, this.fieldMask.length * 2));
      grown.set(this.fieldMask);
      this.fieldMask = grown;
    }
    this.fieldMask[token]! |= 1 << field;
  }

  addSlot(product: MemoryProduct): number {
    const slot = this.ids.length;
    this.ids.push(product.id);
    this.category.push(product.categoryId ?? -1);
    this.sales.push(product.salesCount);
    if (slot >= this.flags.length) {
      const grown = new Uint8Array(this.flags.length * 2);
      grown.set(this.flags);
      this.flags = grown;
      this.aliveBits = grownTo(this.aliveBits, grown.length);
      this.shelfBits = grownTo(this.shelfBits, grown.length);
      this.stockBits = grownTo(this.stockBits, grown.length);
      const dirty = new Uint8Array(grown.length);
      dirty.set(this.isDirty);
      this.isDirty = dirty;
    }
    this.flags[slot] = 0;
    this.setState(slot, product);
    if (product.id >= this.slotOfId.length) {
      const grown = new Int32Array(Math.max(product.id + 1, this.slotOfId.length * 2));
      grown.set(this.slotOfId);
      this.slotOfId = grown;
    }
    this.slotOfId[product.id] = slot + 1;
    this.liveProducts += 1;
    this.forwardStart.push(this.forward.length);
    const fields = [product.title, product.tags, product.subtitle, product.description];
    fields.forEach((text, field) => {
      const ids = field === FIELD_TITLE ? this.#tokenIds(field, text) : this.#memoTokenIds(field, text);
      this.forward.push(ids.length);
      for (const id of ids) this.forward.push(id);
    });
    return slot;
  }

  #tokenIds(field: number, text: string): number[] {
    return splitField(field, text).map((token) => this.dictionary.idOf(token));
  }

  /** Token ids of a field's text, remembered for texts that repeat (tags, subtitles, descriptions). */
  #memoTokenIds(field: number, text: string): readonly number[] {
    const memo = this.memo[field]!;
    let ids = memo.get(text);
    if (ids === undefined) {
      ids = this.#tokenIds(field, text);
      if (memo.size < TOKEN_MEMO) memo.set(text, ids);
    }
    return ids;
  }

  /** Sets or clears a slot's bit in its category's bitset. */
  setCategoryBit(category: number, slot: number, on: boolean): void {
    if (category < 0) return;
    let bits = this.categoryBits.get(category);
    if (!bits || bits.length < wordsFor(slot + 1)) {
      bits = grownTo(bits ?? new Int32Array(0), Math.max(slot + 1, this.flags.length));
      this.categoryBits.set(category, bits);
    }
    setBit(bits, slot, on);
  }

  setState(slot: number, product: MemoryProduct): void {
    this.flags[slot] = ALIVE | (product.onShelf ? ON_SHELF : 0) | (product.inStock ? IN_STOCK : 0);
    if (slot >= this.orderedSlots || this.sales.data[slot] !== product.salesCount) this.markDirty(slot);
    this.sales.data[slot] = product.salesCount;
    this.setCategoryBit(this.category.data[slot]!, slot, false);
    this.category.data[slot] = product.categoryId ?? -1;
    this.setCategoryBit(this.category.data[slot]!, slot, true);
    setBit(this.aliveBits, slot, true);
    setBit(this.shelfBits, slot, product.onShelf);
    setBit(this.stockBits, slot, product.inStock);
  }

  drop(slot: number): void {
    this.flags[slot] = 0;
    this.setCategoryBit(this.category.data[slot]!, slot, false);
    setBit(this.aliveBits, slot, false);
    setBit(this.shelfBits, slot, false);
    setBit(this.stockBits, slot, false);
    this.slotOfId[this.ids.data[slot]!] = 0;
    this.liveProducts -= 1;
  }

  /** Calls `visit` once per distinct (field, token) of a slot. */
  forEachToken(slot: number, visit: (field: number, token: number) => void): void {
    let at = this.forwardStart.data[slot]!;
    const forward = this.forward.data;
    for (let field = 0; field < FIELDS; field += 1) {
      const count = forward[at]!;
      const start = at + 1;
      for (let i = start; i < start + count; i += 1) {
        const token = forward[i]!;
        let seen = false;
        for (let j = start; j < i && !seen; j += 1) seen = forward[j] === token;
        if (!seen) visit(field, token);
      }
      at = start + count;
    }
  }

  /** Sets the bits of a token's slots in `bits` (all of them, or those `check` accepts). */
  orPostings(
    field: number,
    token: number,
    bits: Int32Array,
    check: ((slot: number) => boolean) | null,
  ): void {
    const postings = this.postings[field]!;
    const dense = postings.dense[token];
    if (dense) {
      if (check === null) {
        for (let w = 0; w < dense.length; w += 1) bits[w]! |= dense[w]!;
      } else {
        forEachBit(dense, dense.length, (slot) => {
          if (check(slot)) bits[slot >>> 5]! |= 1 << (slot & 31);
        });
      }
    }
    if (token + 1 < postings.offsets.length) {
      setBits(bits, postings.data, postings.offsets[token]!, postings.offsets[token + 1]!, check);
    }
    const extra = postings.extra[token];
    if (extra) setBits(bits, extra.data, 0, extra.length, check);
  }

  /** The title without its spaces (for the phrase bonus). */
  compactTitle(slot: number): string {
    const at = this.forwardStart.data[slot]!;
    const forward = this.forward.data;
    let text = '';
    for (let i = at + 1; i <= at + forward[at]!; i += 1) text += this.dictionary.tokens[forward[i]!]!;
    return text;
  }

  /** A field's normalised text, rebuilt from the slot's tokens. */
  fieldText(slot: number, field: number): string {
    let at = this.forwardStart.data[slot]!;
    const forward = this.forward.data;
    for (let f = 0; f < field; f += 1) at += forward[at]! + 1;
    const count = forward[at]!;
    const parts: string[] = [];
    for (let i = at + 1; i <= at + count; i += 1) parts.push(this.dictionary.tokens[forward[i]!]!);
    return parts.join(field === FIELD_TAGS ? TAG_SEPARATOR : ' ');
  }

  sameText(slot: number, product: MemoryProduct): boolean {
    return (
      this.fieldText(slot, FIELD_TITLE) === product.title &&
      this.fieldText(slot, FIELD_TAGS) === splitField(FIELD_TAGS, product.tags).join(TAG_SEPARATOR) &&
      this.fieldText(slot, FIELD_SUBTITLE) === product.subtitle &&
      this.fieldText(slot, FIELD_DESCRIPTION) === product.description
    );
  }

  /** Bytes of the slot arrays, forward lists, postings, dictionary and flag bitsets, estimated. */
  get bytes(): number {
    let bytes = this.ids.bytes + this.flags.byteLength + this.category.bytes + this.sales.bytes;
    bytes += this.forwardStart.bytes + this.forward.bytes + this.slotOfId.byteLength;
    for (const field of this.postings) {
      bytes += field.offsets.byteLength + field.data.byteLength;
      for (const list of field.extra) if (list) bytes += list.bytes + 64;
      for (const bits of field.dense) bytes += bits?.byteLength ?? 0;
    }
    bytes += this.dictionary.bytes + this.aliveBits.byteLength * 3;
    for (const bits of this.categoryBits.values()) bytes += bits.byteLength;
    return bytes;
  }

  /** Entries in the posting lists (base and overflow; dense bitsets not counted). */
  get postingCount(): number {
    let postings = 0;
    for (const field of this.postings) {
      postings += field.data.length;
      for (const list of field.extra) if (list) postings += list.length;
    }
    return postings;
  }
}
