import type { Redis } from 'ioredis';
import type { Metrics } from '../metrics';
import { connectRedis } from './connectRedis';

/**
 * The shared cache layer (L2): one Redis connection for commands and one for pub/sub, and their
 * health, shared by every cache of the process so that an outage is counted, logged and reported
 * once for all of them. Caches call {@link fail} when a command fails; the layer is healthy again
 * when a connection is ready again.
 */
export class RedisLayer {
  private up = true;
  readonly client: Redis;
  private readonly subscriber: Redis;

  /** The layer on `url`, or none when no Redis is configured (`imageserver_cache_up` then says 0). */
  static open(
    url: string | undefined,
    metrics: Metrics,
    onOutage: (err: unknown) => void,
  ): RedisLayer | undefined {
    if (url) return new RedisLayer(connectRedis(url), metrics, onOutage);
    metrics.cacheUp.set({ layer: 'l2' }, 0);
    return undefined;
  }

  private constructor(
    private readonly connections: ReturnType<typeof connectRedis>,
    private readonly metrics: Metrics,
    /** Called once per outage, with its first error. */
    private readonly onOutage: (err: unknown) => void,
  ) {
    ({ client: this.client, subscriber: this.subscriber } = connections);
    metrics.cacheUp.set({ layer: 'l2' }, 1);
    for (const conn of [this.client, this.subscriber]) {
      conn.on('ready', () => this.recover());
      conn.on('error', (err: unknown) => this.fail(err));
    }
  }

  get healthy(): boolean {
    return this.up;
  }

  /** Calls `onMessage` with every message published on `channel` (by this replica or another). */
  listen(channel: string, onMessage: (message: string) => void): void {
    this.subscriber.on('message', (from: string, message: string) => {
      if (from === channel) onMessage(message);
    });
    this.subscriber.subscribe(channel).catch((err: unknown) => this.fail(err));
  }

  /** Counts a failed command and marks the layer down. */
  fail(err: unknown): void {
    this.metrics.cacheErrors.inc({ layer: 'l2' });
    if (this.up) this.onOutage(err);
    this.up = false;
    this.metrics.cacheUp.set({ layer: 'l2' }, 0);
  }

  close(): Promise<void> {
    return this.connections.close();
  }

  private recover(): void {
    this.up = true;
    this.metrics.cacheUp.set({ layer: 'l2' }, 1);
  }
}
