import { Redis } from 'ioredis';

/**
 * Two connections (commands and pub/sub) tuned to fail fast: with no offline queue and one
 * retry per command, a Redis outage costs a request milliseconds, not a hang.
 */
export function connectRedis(url: string): { client: Redis; subscriber: Redis; close(): Promise<void> } {
  const options = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  };
  const client = new Redis(url, options);
  // The subscriber must queue its SUBSCRIBE until connected.
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true, commandTimeout: undefined });
  return {
    client,
    subscriber,
    async close() {
      // QUIT on a connection that is down would wait for a reconnect that may never come.
      await Promise.allSettled(
        [client, subscriber].map((c) => (c.status === 'ready' ? c.quit() : undefined)),
      );
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
