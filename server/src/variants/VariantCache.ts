import type { RedisLayer } from '../cache';
import type { Metrics } from '../metrics';
import { ByteBoundedCache } from './ByteBoundedCache';
import type { VariantBytesCache } from './types';

export interface VariantCacheOptions {
  /** Prefix of keys and channels in Redis. */
  readonly namespace: string;
  readonly l1MaxBytes: number;
  /** Variants above this size are kept in neither layer. */
  readonly maxItemBytes: number;
  readonly l1TtlSeconds: number;
  readonly l2TtlSeconds: number;
  readonly redis?: RedisLayer;
  readonly metrics: Metrics;
}

/**
 * L1 (bytes in this process) and L2 (Redis, shared by replicas) for small variants. Redis keys
 * are grouped per source image through an index set, so deleting an image finds its variants
 * without scanning; a pub/sub message makes every replica drop its L1 copies at once. Redis
 * failures are counted and answered as misses, never as request failures.
 */
export class VariantCache implements VariantBytesCache {
  private readonly l1: ByteBoundedCache;
  private readonly channel: string;

  constructor(private readonly options: VariantCacheOptions) {
    const { metrics } = options;
    this.l1 = new ByteBoundedCache({
      maxBytes: options.l1MaxBytes,
      ttlSeconds: options.l1TtlSeconds,
      onEvict: (reason) => {
        metrics.variantCacheEvictions.inc({ layer: 'l1', reason });
        metrics.variantCacheSize.set({ layer: 'l1' }, this.l1.bytes);
      },
    });
    metrics.variantCacheSize.set({ layer: 'l1' }, 0);
    this.channel = `${options.namespace}:variants:invalidate`;
    options.redis?.listen(this.channel, (sha) => this.dropLocal(sha));
  }

  async get(sha: string, id: string): Promise<{ data: Buffer; layer: 'l1' | 'l2' } | undefined> {
    const { metrics } = this.options;
    const local = this.l1.get(this.l1Key(sha, id));
    metrics.variantCacheRequests.inc({ layer: 'l1', result: local ? 'hit' : 'miss' });
    if (local) {
      metrics.variantCacheBytes.inc({ layer: 'l1', direction: 'served' }, local.length);
      return { data: local, layer: 'l1' };
    }
    const redis = this.options.redis;
    if (!redis) return undefined;
    try {
      const shared = await redis.client.getBuffer(this.redisKey(sha, id));
      metrics.variantCacheRequests.inc({ layer: 'l2', result: shared ? 'hit' : 'miss' });
      if (!shared) return undefined;
      metrics.variantCacheBytes.inc({ layer: 'l2', direction: 'served' }, shared.length);
      this.setLocal(sha, id, shared);
      return { data: shared, layer: 'l2' };
    } catch (err) {
      redis.fail(err);
      return undefined;
    }
  }

  async set(sha: string, id: string, data: Buffer): Promise<void> {
    if (data.length > this.options.maxItemBytes) return;
    this.setLocal(sha, id, data);
    const redis = this.options.redis;
    if (!redis) return;
    const ttl = this.options.l2TtlSeconds;
    try {
      await redis.client
        .multi()
        .set(this.redisKey(sha, id), data, 'EX', ttl)
        .sadd(this.indexKey(sha), id)
        .expire(this.indexKey(sha), ttl)
        .exec();
      this.options.metrics.variantCacheBytes.inc({ layer: 'l2', direction: 'stored' }, data.length);
    } catch (err) {
      redis.fail(err);
    }
  }

  async deleteSource(sha: string): Promise<void> {
    this.dropLocal(sha);
    const redis = this.options.redis;
    if (!redis) return;
    try {
      const ids = await redis.client.smembers(this.indexKey(sha));
      const tx = redis.client.multi();
      for (const id of ids) tx.del(this.redisKey(sha, id));
      await tx.del(this.indexKey(sha)).publish(this.channel, sha).exec();
      if (ids.length)
        this.options.metrics.variantCacheEvictions.inc({ layer: 'l2', reason: 'invalidated' }, ids.length);
    } catch (err) {
      redis.fail(err);
    }
  }

  async close(): Promise<void> {
    this.l1.close();
  }

  private setLocal(sha: string, id: string, data: Buffer): void {
    this.l1.set(this.l1Key(sha, id), data);
    this.options.metrics.variantCacheBytes.inc({ layer: 'l1', direction: 'stored' }, data.length);
    this.options.metrics.variantCacheSize.set({ layer: 'l1' }, this.l1.bytes);
  }

  private dropLocal(sha: string): void {
    const prefix = `${sha}/`;
    let dropped = 0;
    for (const key of [...this.l1.keys()])
      if (key.startsWith(prefix) && this.l1.delete(key) !== undefined) dropped++;
    if (dropped)
      this.options.metrics.variantCacheEvictions.inc({ layer: 'l1', reason: 'invalidated' }, dropped);
    this.options.metrics.variantCacheSize.set({ layer: 'l1' }, this.l1.bytes);
  }

  private l1Key(sha: string, id: string): string {
    return `${sha}/${id}`;
  }

  private redisKey(sha: string, id: string): string {
    return `${this.options.namespace}:variant:${sha}:${id}`;
  }

  private indexKey(sha: string): string {
    return `${this.options.namespace}:variant-index:${sha}`;
  }
}
