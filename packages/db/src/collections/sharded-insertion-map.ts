import { InsertionMap } from './insertion-map.ts';

/**
 * Entries per shard aimed at: a rebuild of ~1,000 entries is short
 * (bench/results/2026-12-07-code-comment-numbers.md).
 */
const ENTRIES_PER_SHARD = 1024;

/** Shards for a map of up to `entries` (a power of two, 1 to 1,024; 64 when unbounded). */
export function shardsFor(entries: number): number {
  if (!Number.isFinite(entries)) return 64;
  return 2 ** Math.min(10, Math.max(0, Math.ceil(Math.log2(entries / ENTRIES_PER_SHARD))));
}

/**
 * An InsertionMap of string keys spread over many small maps by a hash of the key, for maps of tens
 * or hundreds of thousands of keys under constant churn (the webhook's de-duplication indexes).
 * V8 rebuilds a Map's hash table whenever deleted entries fill it and whenever it grows, copying
 * every live entry inside that one `set`: with 300,000 keys added at the back and deleted at the
 * front, a single set stalled the event loop for a long time every few hundred thousand
 * insertions, and for a shorter one more often at 20,000 keys (Node 24, keys made beforehand, GC
 * ruled out). Sharded, a rebuild copies one shard's entries: at 300,000 keys in 512 shards
 * (shardsFor) the longest set is a fraction of that, for a little more work per operation (hashing
 * the key, one more call). The numbers: bench/results/2026-12-05-webhook-6.txt and
 * bench/results/2026-12-07-code-comment-numbers.md.
 *
 * The order is kept per shard: `shiftWhile` drops from the front of every shard, and `maxSize`
 * bounds each shard at its share (so the whole at `maxSize` or a little less).
 */
export class ShardedInsertionMap<V> {
  readonly #shards: InsertionMap<string, V>[];
  readonly #mask: number;
  #size = 0;

  /** `shards` is rounded up to a power of two. */
  constructor(maxSize = Infinity, shards = shardsFor(maxSize)) {
    const count = 2 ** Math.ceil(Math.log2(Math.max(1, shards)));
    const share = maxSize === Infinity ? Infinity : Math.max(1, Math.floor(maxSize / count));
    this.#shards = Array.from({ length: count }, () => new InsertionMap<string, V>(share));
    this.#mask = count - 1;
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): V | undefined {
    return this.#shardOf(key).get(key);
  }

  has(key: string): boolean {
    return this.#shardOf(key).has(key);
  }

  set(key: string, value: V, options?: { renew?: boolean }): this {
    const shard = this.#shardOf(key);
    const before = shard.size;
    shard.set(key, value, options);
    this.#size += shard.size - before;
    return this;
  }

  delete(key: string): boolean {
    const deleted = this.#shardOf(key).delete(key);
    if (deleted) this.#size--;
    return deleted;
  }

  /** In every shard, removes the oldest entries while `drop` says so; stops at the first it keeps. */
  shiftWhile(drop: (value: V, key: string) => boolean): void {
    // `size` stays exact while `drop` runs: it may read it (drop while over a bound).
    const dropCounted = (value: V, key: string): boolean => {
      if (!drop(value, key)) return false;
      this.#size--;
      return true;
    };
    for (const shard of this.#shards) shard.shiftWhile(dropCounted);
  }

  /** FNV-1a over the key's UTF-16 code units: cheap, and spreads sequential ids and long event keys alike. */
  #shardOf(key: string): InsertionMap<string, V> {
    let hash = 0x811c9dc5;
    for (let index = 0; index < key.length; index++) {
      hash = Math.imul(hash ^ key.charCodeAt(index), 0x01000193);
    }
    return this.#shards[(hash >>> 0) & this.#mask]!;
  }
}
