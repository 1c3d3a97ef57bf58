/**
 * Building the in-process search index (memory-index.ts) from a whole catalogue at once: slots are
 * added, renumbered into rank order without the score (sales, then id, both descending), and each
 * field's (token, slot) pairs are laid out by token as compact base posting lists.
 */
import { IntList, setBit, wordsFor } from './parts.ts';
import { ALIVE, FIELDS, IN_STOCK, IndexStore, ON_SHELF } from './store.ts';
import type { MemoryProduct } from './store.ts';

/** (token, slot) pairs of one field while a base is built. */
interface TokenSlotPairs {
  tokens: IntList;
  slots: IntList;
}

/** Collects products into a new store, then lays out its base posting lists. */
export class StoreBuilder {
  readonly store = new IndexStore();
  #pairs: TokenSlotPairs[] = Array.from({ length: FIELDS }, () => ({
    tokens: new IntList(1 << 16),
    slots: new IntList(1 << 16),
  }));

  add(product: MemoryProduct): void {
    const store = this.store;
    const current = store.slotOf(product.id);
    if (current >= 0) store.drop(current);
    const slot = store.addSlot(product);
    store.forEachToken(slot, (field, token) => {
      const list = this.#pairs[field]!;
      list.tokens.push(token);
      list.slots.push(slot);
    });
  }

  /**
   * Lays the (token, slot) pairs of each field out by token (a counting sort) as the base lists; a
   * token in at least 1/32 of the slots gets a bitset instead (smaller, and OR-ed a word at a time).
   */
  finish(): IndexStore {
    const store = this.store;
    const renumbered = renumber(store);
    const tokenCount = store.dictionary.tokens.length;
    const slots = store.ids.length;
    const denseFrom = Math.max(64, slots / 32);
    const words = wordsFor(slots);
    for (let field = 0; field < FIELDS; field += 1) {
      const list = this.#pairs[field]!;
      const counts = new Int32Array(tokenCount);
      for (let i = 0; i < list.tokens.length; i += 1) counts[list.tokens.data[i]!]! += 1;
      const dense: (Int32Array | undefined)[] = [];
      const offsets = new Int32Array(tokenCount + 1);
      for (let t = 0; t < tokenCount; t += 1) {
        const count = counts[t]!;
        if (count > 0) store.markField(t, field);
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
      store.postings[field] = { offsets, data, dense, extra: [] };
      // The pairs are no longer needed: let them go before the next field is laid out.
      this.#pairs[field] = { tokens: new IntList(1), slots: new IntList(1) };
    }
    store.orderedSlots = slots;
    for (const memo of store.memo) memo.clear();
    // Building added every slot through setState: none is out of order yet.
    store.dirty.length = 0;
    store.isDirty.fill(0);
    return store;
  }
}

/**
 * Puts the slots in rank order without the score: sales, then id, both descending. A level's slots
 * are then read best first and the reading stops once the page is full. Returns new slot by old.
 */
function renumber(store: IndexStore): Int32Array {
  const slots = store.ids.length;
  const ids = store.ids.data;
  const sales = store.sales.data;
  const order = new Int32Array(slots);
  for (let i = 0; i < slots; i += 1) order[i] = i;
  order.sort((a, b) => sales[b]! - sales[a]! || ids[b]! - ids[a]!);
  const renumbered = new Int32Array(slots);
  for (let i = 0; i < slots; i += 1) renumbered[order[i]!] = i;
  const permute = (list: IntList): void => {
    const copy = list.data.slice(0, slots);
    for (let i = 0; i < slots; i += 1) list.data[i] = copy[order[i]!]!;
  };
  permute(store.ids);
  permute(store.sales);
  permute(store.category);
  permute(store.forwardStart);
  const flags = store.flags.slice(0, slots);
  for (const bits of [store.aliveBits, store.shelfBits, store.stockBits]) bits.fill(0);
  for (const bits of store.categoryBits.values()) bits.fill(0);
  for (let i = 0; i < slots; i += 1) {
    const flag = flags[order[i]!]!;
    store.flags[i] = flag;
    if (flag & ALIVE) {
      setBit(store.aliveBits, i, true);
      setBit(store.shelfBits, i, (flag & ON_SHELF) !== 0);
      setBit(store.stockBits, i, (flag & IN_STOCK) !== 0);
      store.setCategoryBit(store.category.data[i]!, i, true);
      store.slotOfId[store.ids.data[i]!] = i + 1;
    }
  }
  return renumbered;
}
