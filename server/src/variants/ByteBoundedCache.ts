import NodeCache from 'node-cache';

export interface ByteBoundedCacheOptions {
  readonly maxBytes: number;
  readonly ttlSeconds: number;
  /** Called with the size of every entry that leaves the cache other than by `delete`. */
  readonly onEvict: (reason: 'capacity' | 'expired', bytes: number) => void;
}

/**
 * Buffers in node-cache, bounded by their total size rather than their count: inserting past
 * `maxBytes` evicts the least recently used entries first. node-cache supplies the TTL;
 * the recency order is kept beside it in a Map (whose iteration order is insertion order).
 */
export class ByteBoundedCache {
  private readonly cache: NodeCache;
  private readonly sizes = new Map<string, number>();
  private total = 0;

  constructor(private readonly options: ByteBoundedCacheOptions) {
    this.cache = new NodeCache({ stdTTL: options.ttlSeconds, checkperiod: 60, useClones: false });
    this.cache.on('expired', (key: string) => {
      const bytes = this.forget(key);
      if (bytes !== undefined) options.onEvict('expired', bytes);
    });
  }

  get(key: string): Buffer | undefined {
    const value = this.cache.get<Buffer>(key);
    if (value === undefined) return undefined;
    // Move to the most recent end.
    const size = this.sizes.get(key)!;
    this.sizes.delete(key);
    this.sizes.set(key, size);
    return value;
  }

  /** Stores the entry unless it alone exceeds the bound. */
  set(key: string, value: Buffer): void {
    if (value.length > this.options.maxBytes) return;
    this.delete(key);
    this.cache.set(key, value);
    this.sizes.set(key, value.length);
    this.total += value.length;
    for (const [oldest, size] of this.sizes) {
      if (this.total <= this.options.maxBytes) break;
      this.cache.del(oldest);
      this.forget(oldest);
      this.options.onEvict('capacity', size);
    }
  }

  /** Removes a key; returns its size when it was present. */
  delete(key: string): number | undefined {
    const bytes = this.forget(key);
    if (bytes !== undefined) this.cache.del(key);
    return bytes;
  }

  keys(): IterableIterator<string> {
    return this.sizes.keys();
  }

  get bytes(): number {
    return this.total;
  }

  close(): void {
    this.cache.close();
  }

  private forget(key: string): number | undefined {
    const bytes = this.sizes.get(key);
    if (bytes === undefined) return undefined;
    this.sizes.delete(key);
    this.total -= bytes;
    return bytes;
  }
}
