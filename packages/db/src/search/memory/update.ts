/**
 * Incremental changes to the in-process search index (memory-index.ts): a product whose text changes
 * moves to a new slot (its old one is dropped; new postings go to per-token overflow lists); shelf,
 * stock, sales and category change in place (a sales change marks the slot out of rank order).
 */
import { IntList } from './parts.ts';
import type { IndexStore, MemoryProduct } from './store.ts';

/** Adds, replaces or (with `null`) removes a product. */
export function upsertProduct(store: IndexStore, id: number, product: MemoryProduct | null): void {
  const current = store.slotOf(id);
  if (product === null) {
    if (current >= 0) store.drop(current);
    return;
  }
  if (current >= 0 && store.sameText(current, product)) {
    store.setState(current, product);
    return;
  }
  if (current >= 0) store.drop(current);
  const slot = store.addSlot(product);
  store.forEachToken(slot, (field, token) => {
    const extra = store.postings[field]!.extra;
    let list = extra[token];
    if (!list) {
      list = new IntList(4);
      while (extra.length < token) extra.push(undefined);
      extra[token] = list;
      store.markField(token, field);
    }
    list.push(slot);
  });
}
