/**
 * A Map that gives up its oldest entries cheaply. The usual way, `map.delete(map.keys().next().value)`
 * or breaking out of `for (… of map)` after the first entry, starts a new iteration from the front
 * of V8's hash table, which skips every entry deleted since the table was last rebuilt: a map kept
 * at its bound by deleting from the front and adding at the back pays O(size) per eviction (20 µs
 * at 20,000 entries, measured). Here the insertion order is kept in a queue of its own, so the
 * oldest entry is found in constant time.
 *
 * `set` of a key already present keeps its place by default; `{ renew: true }` moves it to the back
 * (the newest), which makes the map least-recently-written-first.
 */
export class InsertionMap<K, V> {
  readonly #entries = new Map<K, { value: V; seq: number }>();
  /** Keys in insertion order with the sequence number they were (re)inserted with; stale ones are skipped. */
  #order: { key: K; seq: number }[] = [];
  #head = 0;
  #seq = 0;

  /** `set` drops the oldest entries beyond this. */
  readonly maxSize: number;

  constructor(maxSize = Infinity) {
    this.maxSize = maxSize;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V, options: { renew?: boolean } = {}): this {
    const entry = this.#entries.get(key);
    if (entry !== undefined && !options.renew) {
      entry.value = value;
      return this;
    }
    const seq = ++this.#seq;
    this.#entries.set(key, { value, seq });
    this.#order.push({ key, seq });
    while (this.#entries.size > this.maxSize) this.shift();
    return this;
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#order = [];
    this.#head = 0;
  }

  /** The oldest entry, or undefined when empty. */
  oldest(): [K, V] | undefined {
    const live = this.#liveHead();
    return live && [live.key, this.#entries.get(live.key)!.value];
  }

  /** Removes and returns the oldest entry. */
  shift(): [K, V] | undefined {
    const oldest = this.oldest();
    if (oldest !== undefined) {
      this.#entries.delete(oldest[0]);
      this.#head++;
      this.#compact();
    }
    return oldest;
  }

  /** Removes the oldest entries while `drop` says so; stops at the first it keeps. */
  shiftWhile(drop: (value: V, key: K) => boolean): void {
    for (
      let oldest = this.oldest();
      oldest !== undefined && drop(oldest[1], oldest[0]);
      oldest = this.oldest()
    ) {
      this.shift();
    }
  }

  /** The front of the queue after skipping keys deleted or re-inserted since they were queued. */
  #liveHead(): { key: K; seq: number } | undefined {
    while (this.#head < this.#order.length) {
      const queued = this.#order[this.#head]!;
      if (this.#entries.get(queued.key)?.seq === queued.seq) return queued;
      this.#head++;
    }
    this.#compact();
    return undefined;
  }

  /** Drops the consumed front of the queue once it is most of it (amortised constant time). */
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#head);
      this.#head = 0;
    }
  }
}
