import NodeCache from 'node-cache';
import type { Metrics } from '../metrics';
import type { RedisLayer } from './RedisLayer';
import type { Codec, RecordCache } from './types';

export interface LayeredCacheOptions<T> {
  /** Namespaces keys in Redis and names the invalidation channel. */
  readonly name: string;
  /** Prefix shared by every key and channel of one server in Redis; default `imageserver`. */
  readonly namespace?: string;
  readonly codec: Codec<T>;
  readonly l1TtlSeconds: number;
  readonly l1MaxKeys: number;
  readonly l2TtlSeconds: number;
  /** Shared layer; undefined runs L1 only. */
  readonly redis?: RedisLayer;
  readonly metrics: Metrics;
}

/**
 * L1 node-cache in the process, L2 Redis shared by replicas. Redis failures never fail a
 * request: the cache answers a miss and the caller reads the source of truth. Deletes are
 * broadcast on a pub/sub channel so other replicas drop their L1 copy at once (their L1 TTL
 * bounds staleness if a message is lost).
 */
export class LayeredCache<T> implements RecordCache<T> {
  private readonly l1: NodeCache;
  private readonly channel: string;

  constructor(private readonly options: LayeredCacheOptions<T>) {
    this.l1 = new NodeCache({ stdTTL: options.l1TtlSeconds, maxKeys: options.l1MaxKeys, useClones: false });
    this.channel = `${options.namespace ?? 'imageserver'}:${options.name}:invalidate`;
    options.redis?.listen(this.channel, (key) => this.l1.del(key));
  }

  async get(key: string): Promise<T | undefined> {
    const local = this.l1.get<T>(key);
    this.options.metrics.cacheRequests.inc({ layer: 'l1', result: local === undefined ? 'miss' : 'hit' });
    if (local !== undefined) return local;
    const redis = this.options.redis;
    if (!redis) return undefined;
    try {
      const raw = await redis.client.get(this.redisKey(key));
      this.options.metrics.cacheRequests.inc({ layer: 'l2', result: raw === null ? 'miss' : 'hit' });
      if (raw === null) return undefined;
      const value = this.options.codec.decode(raw);
      this.l1.set(key, value);
      return value;
    } catch (err) {
      redis.fail(err);
      return undefined;
    }
  }

  async set(key: string, value: T): Promise<void> {
    this.l1.set(key, value);
    const redis = this.options.redis;
    if (!redis) return;
    try {
      await redis.client.set(
        this.redisKey(key),
        this.options.codec.encode(value),
        'EX',
        this.options.l2TtlSeconds,
      );
    } catch (err) {
      redis.fail(err);
    }
  }

  async delete(key: string): Promise<void> {
    this.l1.del(key);
    const redis = this.options.redis;
    if (!redis) return;
    try {
      await redis.client.multi().del(this.redisKey(key)).publish(this.channel, key).exec();
    } catch (err) {
      redis.fail(err);
    }
  }

  async close(): Promise<void> {
    this.l1.close();
  }

  private redisKey(key: string): string {
    return `${this.options.namespace ?? 'imageserver'}:${this.options.name}:${key}`;
  }
}
