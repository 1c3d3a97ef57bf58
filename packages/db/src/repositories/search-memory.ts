/**
 * The in-process product search index: what lets `searchProducts` answer "top N + exact total" in
 * milliseconds at a million products, with exactly the matching and ranking rules of core's
 * `scoreNormalized` / `compareRanked` (search-memory.test.ts checks it against them on random data).
 *
 * Layout (all from `product_search`'s normalised columns, plus shelf, category, sales and in-stock):
 * - every live product has a slot; per slot typed arrays hold id, flags, category and sales;
 * - each field is cut into tokens (title, subtitle, description: on spaces; tags: one token per tag)
 *   and the distinct tokens form a dictionary. Any alternative without a space lies inside one token,
 *   so "which products contain it in field F" is "the union of F's posting lists of the dictionary
 *   tokens that contain it" — exact substring semantics with no text scan of the products;
 * - the dictionary has its own index of characters and character pairs, so finding the tokens that
 *   contain an alternative reads a short list and checks each token with `includes`;
 * - a forward list of token ids per slot rebuilds any field's text (title phrase bonus, alternatives
 *   with spaces, detecting a text change).
 * Changes: a product whose text changes moves to a new slot (its old one is dropped; new postings go
 * to per-token overflow lists); shelf, stock, sales and category change in place.
 */
import { ORIGINAL_TERM_BONUS, SEARCH_FIELD_SCORES, TITLE_PHRASE_BONUS } from '@weshop/core';
import type { SearchPlan } from '@weshop/core';
import {
  compareRank,
  forEachBit,
  grownTo,
  IntList,
  popcount32,
  RankKeys,
  setBit,
  setBits,
  wordsFor,
} from './search-memory-parts.ts';
import { TokenDictionary } from './search-memory-dictionary.ts';

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

/** One served page: ids in rank order, the rank key of the last one, and the totals. */
export interface MemorySearchResult {
  ids: number[];
  /** [inStock 0/1, score, sales, id] of the last id served, when more follow. */
  next: [0 | 1, number, number, number] | null;
  total: number;
}

export interface MemorySearchQuery {
  plan: SearchPlan;
  limit: number;
  includeOffShelf?: boolean | undefined;
  categoryId?: number | undefined;
  /** Rank key of the last item already served. */
  after?: readonly [number, number, number, number] | undefined;
}

export interface MemoryIndexStats {
  slots: number;
  liveProducts: number;
  tokens: number;
  postings: number;
  /** Typed arrays and the dictionary's strings, estimated. */
  bytes: number;
}

const FIELD_TITLE = 0;
const FIELD_TAGS = 1;
const FIELD_SUBTITLE = 2;
const FIELD_DESCRIPTION = 3;
const FIELDS = 4;

const ALIVE = 1;
const ON_SHELF = 2;
const IN_STOCK = 4;

const TAG_SEPARATOR = '\n';
/** Distinct field texts whose token ids are remembered while adding products. */
const TOKEN_MEMO = 100_000;

/** Posting lists of one field: a compact base (token → slots, built at once) plus per-token overflow. */
interface FieldPostings {
  /** Base lists: slots of token t are data[offsets[t]] … data[offsets[t + 1] - 1]. */
  offsets: Int32Array;
  data: Int32Array;
  /** Base lists of tokens in at least 1/32 of the products, as bitsets by slot instead. */
  dense: (Int32Array | undefined)[];
  /** Slots added after the base was built. */
  extra: (IntList | undefined)[];
}

function splitField(field: number, text: string): string[] {
  if (text === '') return [];
  return text.split(field === FIELD_TAGS ? TAG_SEPARATOR : ' ').filter((token) => token !== '');
}

export class MemoryIndex {
  // Slots.
  #ids = new IntList(1024);
  #flags = new Uint8Array(1024);
  #category = new IntList(1024);
  #sales = new IntList(1024);
  /** Forward lists: for slot s, from #forwardStart[s]: per field a count then that many token ids. */
  #forwardStart = new IntList(1024);
  #forward = new IntList(4096);
  /** Product id → slot + 1 (0: none). */
  #slotOfId = new Int32Array(1024);
  #liveProducts = 0;

  // Dictionary.
  #dictionary = new TokenDictionary();

  #postings: FieldPostings[] = Array.from({ length: FIELDS }, () => ({
    offsets: new Int32Array(1),
    data: new Int32Array(0),
    dense: [],
    extra: [],
  }));

  /** Bitsets by slot, kept with the flags: live, live and on shelf, in stock. */
  #aliveBits = new Int32Array(32);
  #shelfBits = new Int32Array(32);
  #stockBits = new Int32Array(32);

  // Per-query scratch, reused: per term one bitset per score level, and the match bitset.
  #levels: Int32Array[][] = [];
  #match = new Int32Array(32);

  /**
   * Builds an index from every product at once (the fast path for a whole catalogue): posting lists
   * are laid out in one typed array per field.
   */
  static build(products: Iterable<MemoryProduct>): MemoryIndex {
    const index = new MemoryIndex();
    const pairs = newPairs();
    for (const product of products) index.#addToBase(product, pairs);
    index.#layOut(pairs);
    return index;
  }

  /** `build` from batches read one after another (the event loop runs between them). */
  static async buildFrom(batches: AsyncIterable<readonly MemoryProduct[]>): Promise<MemoryIndex> {
    const index = new MemoryIndex();
    const pairs = newPairs();
    for await (const batch of batches) for (const product of batch) index.#addToBase(product, pairs);
    index.#layOut(pairs);
    return index;
  }

  #addToBase(product: MemoryProduct, pairs: TokenSlotPairs[]): void {
    const current = this.#slotOf(product.id);
    if (current >= 0) this.#drop(current);
    const slot = this.#addSlot(product);
    this.#forEachToken(slot, (field, token) => {
      const list = pairs[field]!;
      list.tokens.push(token);
      list.slots.push(slot);
    });
  }

  /**
   * Lays the (token, slot) pairs of each field out by token (a counting sort) as the base lists; a
   * token in at least 1/32 of the slots gets a bitset instead (smaller, and OR-ed a word at a time).
   */
  #layOut(pairs: TokenSlotPairs[]): void {
    const renumbered = this.#renumber();
    const tokenCount = this.#dictionary.tokens.length;
    const slots = this.#ids.length;
    const denseFrom = Math.max(64, slots / 32);
    const words = wordsFor(slots);
    for (let field = 0; field < FIELDS; field += 1) {
      const list = pairs[field]!;
      const counts = new Int32Array(tokenCount);
      for (let i = 0; i < list.tokens.length; i += 1) counts[list.tokens.data[i]!]! += 1;
      const dense: (Int32Array | undefined)[] = [];
      const offsets = new Int32Array(tokenCount + 1);
      for (let t = 0; t < tokenCount; t += 1) {
        const count = counts[t]!;
        if (count > 0) this.#markField(t, field);
        dense.push(count >= denseFrom ? new Int32Array(words) : undefined);
        offsets[t + 1] = offsets[t]! + (count >= denseFrom ? 0 : count);
      }
      const fill = offsets.slice(0, tokenCount);
      const data = new Int32Array(offsets[tokenCount]!);
      for (let i = 0; i < list.tokens.length; i += 1) {
        const token = list.tokens.data[i]!;
        const slot = renumbered[list.slots.data[i]!]!;
        const bits = dense[token];
        if (bits) bits[slot >>> 5]! |= 1 << (slot & 31);
        else data[fill[token]!++] = slot;
      }
      this.#postings[field] = { offsets, data, dense, extra: [] };
    }
    this.#orderedSlots = slots;
    for (const memo of this.#memo) memo.clear();
    // Building added every slot through #setState: none is out of order yet.
    this.#dirty.length = 0;
    this.#isDirty.fill(0);
  }

  /**
   * Puts the slots in rank order without the score: sales, then id, both descending. A level's slots
   * are then read best first and the reading stops once the page is full. Returns new slot by old.
   */
  #renumber(): Int32Array {
    const slots = this.#ids.length;
    const ids = this.#ids.data;
    const sales = this.#sales.data;
    const order = new Int32Array(slots);
    for (let i = 0; i < slots; i += 1) order[i] = i;
    order.sort((a, b) => sales[b]! - sales[a]! || ids[b]! - ids[a]!);
    const renumbered = new Int32Array(slots);
    for (let i = 0; i < slots; i += 1) renumbered[order[i]!] = i;
    const permute = (list: IntList): void => {
      const copy = list.data.slice(0, slots);
      for (let i = 0; i < slots; i += 1) list.data[i] = copy[order[i]!]!;
    };
    permute(this.#ids);
    permute(this.#sales);
    permute(this.#category);
    permute(this.#forwardStart);
    const flags = this.#flags.slice(0, slots);
    for (const bits of [this.#aliveBits, this.#shelfBits, this.#stockBits]) bits.fill(0);
    for (let i = 0; i < slots; i += 1) {
      const flag = flags[order[i]!]!;
      this.#flags[i] = flag;
      if (flag & ALIVE) {
        setBit(this.#aliveBits, i, true);
        setBit(this.#shelfBits, i, (flag & ON_SHELF) !== 0);
        setBit(this.#stockBits, i, (flag & IN_STOCK) !== 0);
        this.#slotOfId[this.#ids.data[i]!] = i + 1;
      }
    }
    return renumbered;
  }

  /** Slots below this are in rank-key order (as of the build) unless listed in #dirty. */
  #orderedSlots = 0;
  /** Slots whose sales changed since the build, and slots added after it: read one by one. */
  #dirty = new IntList(64);
  #isDirty = new Uint8Array(1024);

  #markDirty(slot: number): void {
    if (this.#isDirty[slot] === 1) return;
    this.#isDirty[slot] = 1;
    this.#dirty.push(slot);
  }

  /** Slots read one by one because they are out of rank order; a rebuild brings them back to 0. */
  get dirtySlots(): number {
    return this.#dirty.length;
  }

  /** Adds, replaces or (with `null`) removes a product. */
  upsert(id: number, product: MemoryProduct | null): void {
    const current = this.#slotOf(id);
    if (product === null) {
      if (current >= 0) this.#drop(current);
      return;
    }
    if (current >= 0 && this.#sameText(current, product)) {
      this.#setState(current, product);
      return;
    }
    if (current >= 0) this.#drop(current);
    const slot = this.#addSlot(product);
    this.#forEachToken(slot, (field, token) => {
      const extra = this.#postings[field]!.extra;
      let list = extra[token];
      if (!list) {
        list = new IntList(4);
        while (extra.length < token) extra.push(undefined);
        extra[token] = list;
        this.#markField(token, field);
      }
      list.push(slot);
    });
  }

  /** Slots that no longer hold a product (replaced or removed): a rebuild reclaims them. */
  get deadSlots(): number {
    return this.#ids.length - this.#liveProducts;
  }

  stats(): MemoryIndexStats {
    let bytes = this.#ids.bytes + this.#flags.byteLength + this.#category.bytes + this.#sales.bytes;
    bytes += this.#forwardStart.bytes + this.#forward.bytes + this.#slotOfId.byteLength;
    let postings = 0;
    for (const field of this.#postings) {
      bytes += field.offsets.byteLength + field.data.byteLength;
      postings += field.data.length;
      for (const list of field.extra) {
        if (!list) continue;
        bytes += list.bytes + 64;
        postings += list.length;
      }
    }
    bytes += this.#dictionary.bytes;
    bytes += this.#aliveBits.byteLength * 3 + this.#match.byteLength + this.#active.byteLength;
    for (const levels of this.#levels) for (const level of levels) bytes += level.byteLength;
    for (const field of this.#postings) for (const bits of field.dense) bytes += bits?.byteLength ?? 0;
    return {
      slots: this.#ids.length,
      liveProducts: this.#liveProducts,
      tokens: this.#dictionary.tokens.length,
      postings,
      bytes,
    };
  }

  /**
   * Runs a few searches over the index's own tokens, so the engine has compiled the search code before
   * the first real query (it is several times slower the first few times).
   */
  warmUp(rounds = 3): void {
    const tokens = this.#dictionary.tokens.filter((token) => !token.includes(' ')).slice(0, 16);
    const terms = tokens.map((token) => ({ text: token, alternatives: [token, token.slice(0, 2)] }));
    for (let round = 0; round < rounds; round += 1) {
      for (let i = 0; i + 1 < terms.length; i += 2) {
        const one = { normalized: terms[i]!.text, terms: [terms[i]!] };
        const two = {
          normalized: `${terms[i]!.text} ${terms[i + 1]!.text}`,
          terms: [terms[i]!, terms[i + 1]!],
        };
        this.search({ plan: one, limit: 10 });
        this.search({ plan: two, limit: 10 });
        this.search({ plan: one, limit: 10, categoryId: 1 });
      }
    }
  }

  // ------------------------------------------------------------------ query

  /**
   * Every live product matching the plan (each term through any alternative, as a substring of the
   * title, a tag, the subtitle or the description), counted, and the page after `after` in
   * `compareRanked` order (in stock, score, sales, id; all descending).
   *
   * Word-at-a-time: per term, one bitset per score level (title as typed … description through a
   * synonym) is filled from the posting lists; AND-ing the terms' unions with the visible products
   * gives the matches and their count. A one-term query then reads the levels best first (in stock,
   * then sold out) and stops once the page is full: only the levels that reach the page are read slot
   * by slot.
   */
  search(query: MemorySearchQuery): MemorySearchResult {
    const terms = query.plan.terms;
    if (terms.length === 0) return { ids: [], next: null, total: 0 };
    const words = wordsFor(this.#ids.length);
    if (this.#match.length < words) this.#match = new Int32Array(Math.ceil(words * 1.25));
    if (this.#active.length < words) this.#active = new Int32Array(Math.ceil(words * 1.25));
    while (this.#levels.length < terms.length) this.#levels.push([]);
    while (this.#used.length < terms.length) this.#used.push(0);
    const match = this.#match;
    const visible = query.includeOffShelf ? this.#aliveBits : this.#shelfBits;
    match.set(visible.subarray(0, words));
    // The words of `match` that are not 0; after the first term only these are worked on.
    const active = this.#active;
    let activeWords = 0;
    for (let w = 0; w < words; w += 1) if (match[w] !== 0) active[activeWords++] = w;
    for (let t = 0; t < terms.length; t += 1) {
      const levels = this.#levels[t]!;
      for (let l = 0; l < LEVELS; l += 1) {
        if (!levels[l] || levels[l]!.length < words) levels[l] = new Int32Array(Math.ceil(words * 1.25));
      }
      this.#used[t] = 0;
      terms[t]!.alternatives.forEach((alternative, i) => {
        if (alternative !== '') this.#scoreAlternative(alternative, i === 0 ? ORIGINAL_TERM_BONUS : 0, t);
      });
      // Exclusive levels (a slot stays only in its best one); `match` keeps the slots every term has.
      activeWords = this.#narrowMatch(t, activeWords);
    }
    try {
      if (terms.length === 1 && query.categoryId === undefined)
        return this.#collectByLevel(query, activeWords);
      return this.#collectBySlot(query, activeWords);
    } finally {
      // Leave every level empty for the next query (only the ones written to).
      for (let t = 0; t < terms.length; t += 1) {
        for (let l = 0; l < LEVELS; l += 1) if (this.#used[t]! & (1 << l)) this.#levels[t]![l]!.fill(0);
      }
    }
  }

  /**
   * On the active words only: makes term `t`'s levels exclusive (each slot stays only in its best
   * level), ANDs their union into `match`, and keeps the words still not 0. Returns their number.
   */
  #narrowMatch(t: number, activeWords: number): number {
    const match = this.#match;
    const active = this.#active;
    const levels = this.#levels[t]!;
    const used = this.#used[t]!;
    if (this.#union.length < match.length) this.#union = new Int32Array(match.length);
    const union = this.#union;
    for (let i = 0; i < activeWords; i += 1) union[active[i]!] = 0;
    // Level by level (each array read in order), best level first.
    for (let l = 0; l < LEVELS; l += 1) {
      if ((used & (1 << l)) === 0) continue;
      const level = levels[l]!;
      for (let i = 0; i < activeWords; i += 1) {
        const w = active[i]!;
        const bits = level[w]!;
        if (bits === 0) continue;
        const fresh = bits & ~union[w]!;
        level[w] = fresh;
        union[w]! |= fresh;
      }
    }
    let kept = 0;
    for (let i = 0; i < activeWords; i += 1) {
      const w = active[i]!;
      const word = match[w]! & union[w]!;
      match[w] = word;
      if (word !== 0) active[kept++] = w;
    }
    return kept;
  }

  #union = new Int32Array(32);

  /** Per term, a bit per score level that has any slot. */
  #used: number[] = [];
  /** Indexes of the words of #match that are not 0. */
  #active = new Int32Array(32);

  /** ORs `alternative`'s postings into the level bitsets of its field scores (+ `bonus`). */
  #scoreAlternative(alternative: string, bonus: number, t: number): void {
    const levels = this.#levels[t]!;
    const fieldMask = this.#fieldMask;
    const raise = (
      field: number,
      token: number,
      score: number,
      check: ((slot: number) => boolean) | null,
    ): void => {
      if ((fieldMask[token]! & (1 << field)) === 0) return;
      const l = (MAX_TERM_SCORE - score - bonus) / LEVEL_STEP;
      this.#used[t]! |= 1 << l;
      this.#orPostings(field, token, levels[l]!, check);
    };
    // Tags are whole tokens, so any alternative (with spaces too) lies inside one.
    const tokens = this.#dictionary.containing(alternative);
    for (const token of tokens) {
      if ((fieldMask[token]! & (1 << FIELD_TAGS)) === 0) continue;
      const exact = this.#dictionary.tokens[token] === alternative;
      raise(FIELD_TAGS, token, exact ? SEARCH_FIELD_SCORES.tagExact : SEARCH_FIELD_SCORES.tag, null);
    }
    const fields: [number, number][] = [
      [FIELD_TITLE, SEARCH_FIELD_SCORES.title],
      [FIELD_SUBTITLE, SEARCH_FIELD_SCORES.subtitle],
      [FIELD_DESCRIPTION, SEARCH_FIELD_SCORES.description],
    ];
    if (!alternative.includes(' ')) {
      for (const [field, score] of fields) for (const token of tokens) raise(field, token, score, null);
      return;
    }
    // With spaces the match may span tokens: candidates hold a token containing the longest part,
    // then the field's text decides.
    const longest = alternative.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
    const candidates = this.#dictionary.containing(longest);
    for (const [field, score] of fields) {
      const check = (slot: number): boolean => this.#fieldText(slot, field).includes(alternative);
      for (const token of candidates) raise(field, token, score, check);
    }
  }

  /** Per token, a bit per field in which it has postings. */
  #fieldMask = new Uint8Array(1024);

  #markField(token: number, field: number): void {
    if (token >= this.#fieldMask.length) {
      const grown = new Uint8Array(Math.max(token + 1, this.#fieldMask.length * 2));
      grown.set(this.#fieldMask);
      this.#fieldMask = grown;
    }
    this.#fieldMask[token]! |= 1 << field;
  }

  /** Sets the bits of a token's slots in `bits` (all of them, or those `check` accepts). */
  #orPostings(
    field: number,
    token: number,
    bits: Int32Array,
    check: ((slot: number) => boolean) | null,
  ): void {
    const postings = this.#postings[field]!;
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

  /**
   * One term, no category: levels best first, in stock then sold out. Within a level the ordered
   * slots come best first, so reading stops at the first one that cannot enter the full page; the few
   * out-of-order (dirty) slots are offered one by one.
   */
  #collectByLevel(query: MemorySearchQuery, activeWords: number): MemorySearchResult {
    const match = this.#match;
    const active = this.#active;
    const levels = this.#levels[0]!;
    const used = this.#used[0]!;
    const stock = this.#stockBits;
    const ids = this.#ids.data;
    const sales = this.#sales.data;
    const isDirty = this.#isDirty;
    const dirty = this.#dirty;
    const after = query.after;
    const limit = Math.max(0, query.limit);
    const page = new RankKeys(Math.max(1, limit));
    let total = 0;
    for (let i = 0; i < activeWords; i += 1) total += popcount32(match[active[i]!]!);
    let following = 0;
    passes: for (const inStock of [1, 0]) {
      const stockMask = inStock === 1 ? 0 : -1;
      for (let l = 0; l < LEVELS; l += 1) {
        if ((used & (1 << l)) === 0) continue;
        const score = MAX_TERM_SCORE - l * LEVEL_STEP;
        // Levels ranked before the cursor's are skipped; the cursor's own level is filtered by key.
        const sameAsCursor = after !== undefined && inStock === after[0] && score === after[1];
        if (after && !sameAsCursor && (inStock > after[0] || (inStock === after[0] && score > after[1])))
          continue;
        const level = levels[l]!;
        const accepts = (slot: number): boolean =>
          (level[slot >>> 5]! &
            match[slot >>> 5]! &
            (stock[slot >>> 5]! ^ stockMask) &
            (1 << (slot & 31))) !==
            0 &&
          !(
            sameAsCursor &&
            compareRank(inStock, score, sales[slot]!, ids[slot]!, after[0], after[1], after[2], after[3]) <= 0
          );
        for (let i = 0; i < dirty.length; i += 1) {
          const slot = dirty.data[i]!;
          if (!accepts(slot)) continue;
          following += 1;
          if (limit > 0) page.offer(inStock, score, sales[slot]!, ids[slot]!, limit);
        }
        for (let i = 0; i < activeWords; i += 1) {
          const w = active[i]!;
          let bits = level[w]! & match[w]!;
          if (bits === 0) continue;
          bits &= stock[w]! ^ stockMask;
          while (bits !== 0) {
            const low = bits & -bits;
            bits ^= low;
            const slot = w * 32 + 31 - Math.clz32(low);
            if (isDirty[slot] === 1) continue;
            const salesCount = sales[slot]!;
            const id = ids[slot]!;
            if (
              sameAsCursor &&
              compareRank(inStock, score, salesCount, id, after[0], after[1], after[2], after[3]) <= 0
            ) {
              continue;
            }
            following += 1;
            // Past a full page: this slot, every later ordered one of this level and every later
            // level rank after the page, and one more item is all we need to know (more pages).
            if (page.length === limit && page.isAfterLast(inStock, score, salesCount, id)) break passes;
            page.offer(inStock, score, salesCount, id, limit);
          }
        }
        if (following > limit) break passes;
      }
    }
    return this.#result(page, following, limit, total);
  }

  /**
   * Several terms or a category: every match is scored slot by slot (matches are fewer here). The
   * title phrase bonus, the costly part, is only checked for a slot that could enter the page or
   * straddles the cursor with it; slots come in rank order of sales, so the page fills early.
   */
  #collectBySlot(query: MemorySearchQuery, activeWords: number): MemorySearchResult {
    const terms = query.plan.terms.length;
    const match = this.#match;
    const active = this.#active;
    const levels = this.#levels;
    const used = this.#used;
    const stock = this.#stockBits;
    const ids = this.#ids.data;
    const sales = this.#sales.data;
    const category = this.#category.data;
    const wantedCategory = query.categoryId;
    const bonus = terms > 1 ? TITLE_PHRASE_BONUS : 0;
    const inTitle =
      bonus === 0 ? null : this.#phraseInTitle(query.plan.normalized.replaceAll(' ', ''), this.#match.length);
    const after = query.after;
    const limit = Math.max(0, query.limit);
    const page = new RankKeys(Math.max(1, limit));
    let total = 0;
    let following = 0;
    for (let i = 0; i < activeWords; i += 1) {
      const w = active[i]!;
      let word = match[w]!;
      while (word !== 0) {
        const bit = word & -word;
        word ^= bit;
        const slot = w * 32 + 31 - Math.clz32(bit);
        if (wantedCategory !== undefined && category[slot] !== wantedCategory) continue;
        total += 1;
        let base = 0;
        for (let t = 0; t < terms; t += 1) {
          const termLevels = levels[t]!;
          const termUsed = used[t]!;
          let l = 0;
          while (l < LEVELS - 1 && ((termUsed & (1 << l)) === 0 || (termLevels[l]![w]! & bit) === 0)) l += 1;
          base += MAX_TERM_SCORE - l * LEVEL_STEP;
        }
        const inStock = (stock[w]! & bit) !== 0 ? 1 : 0;
        // Past a full page, a slot that ranks after the last even with the bonus needs no more work.
        if (!after && page.length === limit && page.ranksAfterLast(inStock, base + bonus)) {
          following += 1;
          continue;
        }
        const salesCount = sales[slot]!;
        const id = ids[slot]!;
        // The score is `base` or, with the title phrase, `base + bonus`: the phrase is only looked at
        // when that decides whether the slot follows the cursor or enters the page.
        let score = inTitle === null ? base : -1;
        if (after) {
          // With the lower score it ranks latest, with the higher one earliest.
          if (compareRank(inStock, base, salesCount, id, after[0], after[1], after[2], after[3]) <= 0)
            continue;
          if (
            compareRank(inStock, base + bonus, salesCount, id, after[0], after[1], after[2], after[3]) <= 0
          ) {
            if (score < 0) score = inTitle!(slot) ? base + bonus : base;
            if (compareRank(inStock, score, salesCount, id, after[0], after[1], after[2], after[3]) <= 0)
              continue;
          }
        }
        following += 1;
        if (limit === 0 || (page.length === limit && page.isAfterLast(inStock, base + bonus, salesCount, id)))
          continue;
        if (score < 0) score = inTitle!(slot) ? base + bonus : base;
        page.offer(inStock, score, salesCount, id, limit);
      }
    }
    return this.#result(page, following, limit, total);
  }

  #result(page: RankKeys, following: number, limit: number, total: number): MemorySearchResult {
    const count = Math.min(page.length, limit);
    return {
      ids: Array.from(page.ids.subarray(0, count)),
      next: following > limit && count > 0 ? page.key(count - 1) : null,
      total,
    };
  }

  // ------------------------------------------------------------------ slots

  #slotOf(id: number): number {
    return id < this.#slotOfId.length ? this.#slotOfId[id]! - 1 : -1;
  }

  #addSlot(product: MemoryProduct): number {
    const slot = this.#ids.length;
    this.#ids.push(product.id);
    this.#category.push(product.categoryId ?? -1);
    this.#sales.push(product.salesCount);
    if (slot >= this.#flags.length) {
      const grown = new Uint8Array(this.#flags.length * 2);
      grown.set(this.#flags);
      this.#flags = grown;
      this.#aliveBits = grownTo(this.#aliveBits, grown.length);
      this.#shelfBits = grownTo(this.#shelfBits, grown.length);
      this.#stockBits = grownTo(this.#stockBits, grown.length);
      const dirty = new Uint8Array(grown.length);
      dirty.set(this.#isDirty);
      this.#isDirty = dirty;
    }
    this.#flags[slot] = 0;
    this.#setState(slot, product);
    if (product.id >= this.#slotOfId.length) {
      const grown = new Int32Array(Math.max(product.id + 1, this.#slotOfId.length * 2));
      grown.set(this.#slotOfId);
      this.#slotOfId = grown;
    }
    this.#slotOfId[product.id] = slot + 1;
    this.#liveProducts += 1;
    this.#forwardStart.push(this.#forward.length);
    const fields = [product.title, product.tags, product.subtitle, product.description];
    fields.forEach((text, field) => {
      const ids = field === FIELD_TITLE ? this.#tokenIds(field, text) : this.#memoTokenIds(field, text);
      this.#forward.push(ids.length);
      for (const id of ids) this.#forward.push(id);
    });
    return slot;
  }

  #tokenIds(field: number, text: string): number[] {
    return splitField(field, text).map((token) => this.#dictionary.idOf(token));
  }

  /** Token ids of a field's text, remembered for texts that repeat (tags, subtitles, descriptions). */
  #memoTokenIds(field: number, text: string): readonly number[] {
    const memo = this.#memo[field]!;
    let ids = memo.get(text);
    if (ids === undefined) {
      ids = this.#tokenIds(field, text);
      if (memo.size < TOKEN_MEMO) memo.set(text, ids);
    }
    return ids;
  }

  /** Per field, token ids by text (cleared when a build is laid out). */
  #memo = Array.from({ length: FIELDS }, () => new Map<string, readonly number[]>());

  #setState(slot: number, product: MemoryProduct): void {
    this.#flags[slot] = ALIVE | (product.onShelf ? ON_SHELF : 0) | (product.inStock ? IN_STOCK : 0);
    if (slot >= this.#orderedSlots || this.#sales.data[slot] !== product.salesCount) this.#markDirty(slot);
    this.#sales.data[slot] = product.salesCount;
    this.#category.data[slot] = product.categoryId ?? -1;
    setBit(this.#aliveBits, slot, true);
    setBit(this.#shelfBits, slot, product.onShelf);
    setBit(this.#stockBits, slot, product.inStock);
  }

  #drop(slot: number): void {
    this.#flags[slot] = 0;
    setBit(this.#aliveBits, slot, false);
    setBit(this.#shelfBits, slot, false);
    setBit(this.#stockBits, slot, false);
    this.#slotOfId[this.#ids.data[slot]!] = 0;
    this.#liveProducts -= 1;
  }

  /** Calls `visit` once per distinct (field, token) of a slot. */
  #forEachToken(slot: number, visit: (field: number, token: number) => void): void {
    let at = this.#forwardStart.data[slot]!;
    const forward = this.#forward.data;
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

  /**
   * A test "does the slot's title, without spaces, contain `phrase`" that rarely rebuilds the title:
   * slots with a title token containing the phrase answer yes; otherwise only a title with a token
   * ending in the start of the phrase can hold it across a space, and is checked whole.
   */
  #phraseInTitle(phrase: string, words: number): (slot: number) => boolean {
    if (this.#phraseYes.length < words) {
      this.#phraseYes = new Int32Array(Math.ceil(words * 1.25));
      this.#phraseMaybe = new Int32Array(Math.ceil(words * 1.25));
    }
    const yes = this.#phraseYes;
    const maybe = this.#phraseMaybe;
    yes.fill(0);
    maybe.fill(0);
    for (const token of this.#dictionary.containing(phrase)) this.#orPostings(FIELD_TITLE, token, yes, null);
    for (let k = 1; k < phrase.length; k += 1) {
      const start = phrase.slice(0, k);
      for (const token of this.#dictionary.endingWith(start))
        this.#orPostings(FIELD_TITLE, token, maybe, null);
    }
    return (slot) => {
      const word = slot >>> 5;
      const bit = 1 << (slot & 31);
      if ((yes[word]! & bit) !== 0) return true;
      return (maybe[word]! & bit) !== 0 && this.#compactTitle(slot).includes(phrase);
    };
  }

  #phraseYes = new Int32Array(32);
  #phraseMaybe = new Int32Array(32);

  /** The title without its spaces (for the phrase bonus). */
  #compactTitle(slot: number): string {
    const at = this.#forwardStart.data[slot]!;
    const forward = this.#forward.data;
    let text = '';
    for (let i = at + 1; i <= at + forward[at]!; i += 1) text += this.#dictionary.tokens[forward[i]!]!;
    return text;
  }

  /** A field's normalised text, rebuilt from the slot's tokens. */
  #fieldText(slot: number, field: number): string {
    let at = this.#forwardStart.data[slot]!;
    const forward = this.#forward.data;
    for (let f = 0; f < field; f += 1) at += forward[at]! + 1;
    const count = forward[at]!;
    const parts: string[] = [];
    for (let i = at + 1; i <= at + count; i += 1) parts.push(this.#dictionary.tokens[forward[i]!]!);
    return parts.join(field === FIELD_TAGS ? TAG_SEPARATOR : ' ');
  }

  #sameText(slot: number, product: MemoryProduct): boolean {
    return (
      this.#fieldText(slot, FIELD_TITLE) === product.title &&
      this.#fieldText(slot, FIELD_TAGS) === splitField(FIELD_TAGS, product.tags).join(TAG_SEPARATOR) &&
      this.#fieldText(slot, FIELD_SUBTITLE) === product.subtitle &&
      this.#fieldText(slot, FIELD_DESCRIPTION) === product.description
    );
  }
}

// Score levels of one term: its best field's score plus the as-typed bonus, from title as typed down
// to description through a synonym, in steps of the bonus.
const LEVEL_STEP = ORIGINAL_TERM_BONUS;
const MAX_TERM_SCORE = SEARCH_FIELD_SCORES.title + ORIGINAL_TERM_BONUS;
const LEVELS = (MAX_TERM_SCORE - SEARCH_FIELD_SCORES.description) / LEVEL_STEP + 1;
if (
  Object.values(SEARCH_FIELD_SCORES).some(
    (score) => score % LEVEL_STEP !== 0 || score > SEARCH_FIELD_SCORES.title,
  )
) {
  throw new Error('search-memory: field scores must be multiples of the as-typed bonus, title the highest');
}

/** (token, slot) pairs of one field while a base is built. */
interface TokenSlotPairs {
  tokens: IntList;
  slots: IntList;
}

function newPairs(): TokenSlotPairs[] {
  return Array.from({ length: FIELDS }, () => ({
    tokens: new IntList(1 << 16),
    slots: new IntList(1 << 16),
  }));
}
