import type { Logger } from 'pino';
import { LayeredCache, RedisLayer } from '../cache';
import type { Config } from '../config';
import { openDatabase, type Database, type ImageRecord } from '../db';
import { Metrics } from '../metrics';
import { imageCodec } from '../services';
import { createBlobStore, type BlobStore } from '../storage';
import { createTaggers } from './createTaggers';
import { TaggingRunner } from './TaggingRunner';
import type { Tagger } from './types';

export interface TaggingDeps {
  readonly db: Database;
  readonly store: BlobStore;
  readonly runner: TaggingRunner;
  close(): Promise<void>;
}

/**
 * Database, blob store and runner for a process that tags outside the server (worker, Lambda,
 * retag command). Writes go through the server's own database layer, and when Redis is configured
 * the server replicas' cached copies of a changed image are dropped through the shared cache.
 */
export async function openTaggingDeps(
  config: Config,
  options: {
    logger: Logger;
    metrics?: Metrics;
    taggers?: readonly Tagger[];
    store?: BlobStore;
    /**
     * Run the migrations first. The platform Lambda passes false: each server owns its database's
     * schema, and tables created by another login would not belong to the server's role. @default true
     */
    migrate?: boolean;
  },
): Promise<TaggingDeps> {
  const db = await openDatabase(config.databaseUrl);
  const closers: (() => Promise<void>)[] = [() => db.close()];
  try {
    if (options.migrate ?? true) await db.migrate();
    const metrics = options.metrics ?? new Metrics({ defaultMetrics: false });
    const redis = RedisLayer.open(config.redisUrl, metrics, (err) =>
      options.logger.warn({ err }, 'shared cache unavailable'),
    );
    const cache = new LayeredCache<ImageRecord>({
      name: 'images',
      namespace: config.redisNamespace,
      codec: imageCodec,
      l1TtlSeconds: 1,
      l1MaxKeys: 1,
      l2TtlSeconds: 3600,
      redis,
      metrics,
    });
    closers.unshift(() => cache.close());
    if (redis) closers.push(() => redis.close());
    const store = options.store ?? createBlobStore(config);
    const runner = new TaggingRunner({
      db,
      store,
      taggers: options.taggers ?? createTaggers(config.tagging, options.logger),
      logger: options.logger,
      metrics,
      onImageChanged: (id) => cache.delete(id),
    });
    return {
      db,
      store,
      runner,
      async close() {
        for (const close of closers) await close().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }
}
