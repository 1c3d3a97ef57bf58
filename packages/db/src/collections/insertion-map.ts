/**
 * A Map that gives up its oldest entries cheaply. The usual way, `map.delete(map.keys().next().value)`
 * or breaking out of `for (… of map)` after the first entry, starts a new iteration from the front
 * of V8's hash table, which skips every entry deleted since the table was last rebuilt: a map kept
 * at its bound by deleting from the front and adding at the back pays O(size) per eviction
 * (bench/results/2026-11-22-webhook-4.txt). Here one iterator lives as long as the map: V8 keeps a live
 * iterator valid across deletions, additions and rehashes, and it resumes where it stopped, so the
 * oldest entry is found in constant time, with no bookkeeping object per entry (the webhook keeps
 * hundreds of thousands of keys, and every object per entry was work for the garbage collector).
 *
 * `set` of a key already present keeps its place by default; `{ renew: true }` moves it to the back
 * (the newest), which makes the map least-recently-written-first.
 */
export class InsertionMap<K, V> {
  readonly #entries = new Map<K, V>();
  /** Every present key is at or after the cursor's position, or it is `#head`. */
  #cursor: MapIterator<K> = this.#entries.keys();
  /** The oldest key, when known: the cursor's last key, still present and not moved since. */
  #head: K | undefined;
  #hasHead = false;

  /** `set` drops the oldest entries beyond this. */
  readonly maxSize: number;

  constructor(maxSize = Infinity) {
    this.maxSize = maxSize;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V, options?: { renew?: boolean }): this {
    const entries = this.#entries;
    if (options?.renew === true && entries.delete(key)) this.#forgetHead(key);
    entries.set(key, value);
    while (entries.size > this.maxSize) this.shift();
    return this;
  }

  delete(key: K): boolean {
    this.#forgetHead(key);
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#cursor = this.#entries.keys();
    this.#hasHead = false;
    this.#head = undefined;
  }

  /** The oldest entry, or undefined when empty. */
  oldest(): [K, V] | undefined {
    return this.#findHead() ? [this.#head!, this.#entries.get(this.#head!)!] : undefined;
  }

  /** Removes and returns the oldest entry. */
  shift(): [K, V] | undefined {
    const oldest = this.oldest();
    if (oldest !== undefined) this.delete(oldest[0]);
    return oldest;
  }

  /** Removes the oldest entries while `drop` says so; stops at the first it keeps. */
  shiftWhile(drop: (value: V, key: K) => boolean): void {
    while (this.#findHead()) {
      const key = this.#head!;
      if (!drop(this.#entries.get(key)!, key)) return;
      this.delete(key);
    }
  }

  #forgetHead(key: K): void {
    if (this.#hasHead && sameValueZero(this.#head, key)) {
      this.#hasHead = false;
      this.#head = undefined;
    }
  }

  /** Makes `#head` the oldest key; false when the map is empty. */
  #findHead(): boolean {
    if (this.#hasHead) return true;
    let next = this.#cursor.next();
    // A finished iterator stays finished: it ran out when the map was emptied; start a new one.
    if (next.done === true && this.#entries.size > 0) {
      this.#cursor = this.#entries.keys();
      next = this.#cursor.next();
    }
    if (next.done === true) return false;
    this.#head = next.value;
    this.#hasHead = true;
    return true;
  }
}

/** Map's own key equality (NaN equals NaN). */
const sameValueZero = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);
