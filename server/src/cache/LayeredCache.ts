import NodeCache from 'node-cache';
import type { Redis } from 'ioredis';
import type { Metrics } from '../metrics';
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
  readonly redis?: { readonly client: Redis; readonly subscriber: Redis };
  readonly metrics: Metrics;
  readonly onError: (err: unknown) => void;
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
  private healthy = true;

  constructor(private readonly options: LayeredCacheOptions<T>) {
    this.l1 = new NodeCache({ stdTTL: options.l1TtlSeconds, maxKeys: options.l1MaxKeys, useClones: false });
    this.channel = `${options.namespace ?? 'imageserver'}:${options.name}:invalidate`;
    const redis = options.redis;
    options.metrics.cacheUp.set({ layer: 'l2' }, redis ? 1 : 0);
    if (redis) {
      redis.subscriber.on('message', (channel: string, key: string) => {
        if (channel === this.channel) this.l1.del(key);
      });
      redis.subscriber.subscribe(this.channel).catch((err: unknown) => this.fail(err));
      for (const conn of [redis.client, redis.subscriber]) {
        conn.on('ready', () => this.recover());
        conn.on('error', (err: unknown) => this.fail(err));
      }
    }
  }

  async get(key: string): Promise<T | undefined> {
    const local = this.l1.get<T>(key);
    this.options.metrics.cacheRequests.inc({ layer: 'l1', result: local === undefined ? 'miss' : 'hit' });
    if (local !== undefined) return local;
    const client = this.options.redis?.client;
    if (!client) return undefined;
    try {
      const raw = await client.get(this.redisKey(key));
      this.options.metrics.cacheRequests.inc({ layer: 'l2', result: raw === null ? 'miss' : 'hit' });
      if (raw === null) return undefined;
      const value = this.options.codec.decode(raw);
      this.l1.set(key, value);
      return value;
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  async set(key: string, value: T): Promise<void> {
    this.l1.set(key, value);
    const client = this.options.redis?.client;
    if (!client) return;
    try {
      await client.set(this.redisKey(key), this.options.codec.encode(value), 'EX', this.options.l2TtlSeconds);
    } catch (err) {
      this.fail(err);
    }
  }

  async delete(key: string): Promise<void> {
    this.l1.del(key);
    const client = this.options.redis?.client;
    if (!client) return;
    try {
      await client.multi().del(this.redisKey(key)).publish(this.channel, key).exec();
    } catch (err) {
      this.fail(err);
    }
  }

  sharedLayerHealthy(): boolean {
    return !this.options.redis || this.healthy;
  }

  async close(): Promise<void> {
    this.l1.close();
  }

  private redisKey(key: string): string {
    return `${this.options.namespace ?? 'imageserver'}:${this.options.name}:${key}`;
  }

  private fail(err: unknown): void {
    this.options.metrics.cacheErrors.inc({ layer: 'l2' });
    if (this.healthy) this.options.onError(err);
    this.healthy = false;
    this.options.metrics.cacheUp.set({ layer: 'l2' }, 0);
  }

  private recover(): void {
    this.healthy = true;
    this.options.metrics.cacheUp.set({ layer: 'l2' }, 1);
  }
}
