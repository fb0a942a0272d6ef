import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import path from 'node:path';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { LayeredCache, RedisLayer } from './cache';
import type { Config } from './config';
import { openDatabase, type ApiKeyRecord, type Database, type ImageRecord } from './db';
import { InProcessEventBus, type EventBus } from './events';
import { Metrics } from './metrics';
import { createApp } from './app';
import type { AppContext } from './routes/context';
import { ApiKeyService, apiKeyCodec, imageCodec, ImageService } from './services';
import { resolveSigningKeys } from './signingKeys';
import { createBlobStore, timedBlobStore, type BlobStore } from './storage';
import { createTagging } from './tagging';
import {
  ByteBoundedCache,
  CloudFrontInvalidator,
  ConcurrencyLimiter,
  configureSharp,
  RenderService,
  VariantCache,
  type CdnInvalidator,
} from './variants';

export interface ServerParts {
  readonly app: Express;
  readonly context: AppContext;
  readonly events: EventBus;
  /** Releases pools and connections; call after the HTTP server stopped accepting. */
  close(): Promise<void>;
}

export interface CreateServerOptions {
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Replaces the store chosen by configuration (tests inject faults this way). */
  readonly store?: BlobStore;
  readonly db?: Database;
  /** Replaces the CDN invalidator chosen by configuration (tests record calls this way). */
  readonly cdn?: CdnInvalidator;
}

/** Temp files older than this are left over from a crash and removed at start-up. */
const STALE_TEMP_MS = 60 * 60 * 1000;

async function sweepTempFiles(dir: string, logger: Logger): Promise<void> {
  await mkdir(dir, { recursive: true });
  let removed = 0;
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_TEMP_MS) {
      await rm(file, { force: true });
      removed++;
    }
  }
  if (removed) logger.info({ removed }, 'removed stale upload temp files');
}

/** Opens the database (and migrates it), the blob store and the caches, and builds the app. */
export async function createServer(config: Config, options: CreateServerOptions): Promise<ServerParts> {
  const { logger } = options;
  const metrics = options.metrics ?? new Metrics();
  await sweepTempFiles(path.join(config.dataDir, 'tmp'), logger);

  const signing = await resolveSigningKeys(config.signingKeys, config.dataDir);
  if (signing.generated)
    logger.warn(
      'SIGNING_KEYS is not set: using a key kept in DATA_DIR; set SIGNING_KEYS when running several replicas',
    );
  const effective: Config = { ...config, signingKeys: signing.keys };

  const db =
    options.db ??
    (await openDatabase(config.databaseUrl, {
      onQuery: (seconds, ok) => metrics.databaseDuration.observe({ outcome: ok ? 'ok' : 'error' }, seconds),
      logger: (msg) => logger.debug({ sql: msg }, 'sql'),
    }));
  const closers: (() => Promise<void>)[] = [() => db.close()];
  try {
    await db.migrate();
    const store = timedBlobStore(options.store ?? createBlobStore(config), (operation, seconds, outcome) =>
      metrics.storageDuration.observe(
        { backend: (options.store ?? { kind: config.s3 ? 's3' : 'fs' }).kind, operation, outcome },
        seconds,
      ),
    );

    const redis = RedisLayer.open(config.redisUrl, metrics, (err) =>
      logger.warn({ err }, 'shared cache unavailable; serving without it'),
    );
    if (redis) closers.unshift(() => redis.close());
    const imageCache = new LayeredCache<ImageRecord>({
      name: 'images',
      namespace: config.redisNamespace,
      codec: imageCodec,
      l1TtlSeconds: 30,
      l1MaxKeys: 10_000,
      l2TtlSeconds: 3600,
      redis,
      metrics,
    });
    const keyCache = new LayeredCache<ApiKeyRecord>({
      name: 'apikeys',
      namespace: config.redisNamespace,
      codec: apiKeyCodec,
      l1TtlSeconds: 30,
      l1MaxKeys: 1_000,
      l2TtlSeconds: 300,
      redis,
      metrics,
    });
    const variantCache = new VariantCache({
      namespace: config.redisNamespace,
      l1MaxBytes: config.variantCache.l1MaxBytes,
      maxItemBytes: config.variantCache.maxItemBytes,
      l1TtlSeconds: 3600,
      l2TtlSeconds: config.variantCache.l2TtlSeconds,
      redis,
      metrics,
    });
    closers.unshift(
      () => imageCache.close(),
      () => keyCache.close(),
      () => variantCache.close(),
    );

    const { transform } = config;
    configureSharp();
    const cdn =
      options.cdn ??
      (config.cloudfrontDistributionId
        ? new CloudFrontInvalidator(new CloudFrontClient({}), config.cloudfrontDistributionId)
        : undefined);
    const variants = new RenderService({
      store,
      cache: variantCache,
      limiter: new ConcurrencyLimiter({
        concurrency: transform.concurrency,
        queueSize: transform.queueSize,
        queueTimeoutMs: transform.queueTimeoutMs,
        metrics,
      }),
      sources: new ByteBoundedCache({
        maxBytes: config.variantCache.sourceCacheBytes,
        ttlSeconds: 300,
        onEvict: (reason) => metrics.variantCacheEvictions.inc({ layer: 'source', reason }),
      }),
      limits: { maxInputPixels: config.limits.maxPixels, timeoutSeconds: transform.timeoutSeconds },
      timeoutMs: transform.timeoutSeconds * 1000,
      metrics,
      logger,
      cdn,
    });
    closers.unshift(() => variants.drain()); // before the caches and Redis it writes to close

    const events = new InProcessEventBus((event, err) =>
      logger.error({ err, event }, 'event subscriber failed'),
    );
    closers.unshift(() => events.drain());
    const images = new ImageService({
      config: effective,
      db,
      store,
      events,
      metrics,
      cache: imageCache,
      logger,
      invalidateVariants: (image) => variants.invalidate(image),
    });
    const tagging = createTagging(effective, {
      db,
      store,
      logger,
      metrics,
      onImageChanged: (id) => imageCache.delete(id),
    });
    tagging.listen(events);
    // After pending deliveries: an upload's subscriber may still be enqueueing.
    closers.unshift(async () => {
      await events.drain();
      await tagging.close();
    });
    const apiKeys = new ApiKeyService(db, keyCache, config.adminApiKey);
    const context: AppContext = {
      config: effective,
      logger,
      metrics,
      db,
      store,
      images,
      apiKeys,
      tagging,
      variants,
      sharedCache: redis,
    };
    return {
      app: createApp(context),
      context,
      events,
      async close() {
        for (const close of closers)
          await close().catch((err: unknown) => logger.error({ err }, 'error while closing'));
      },
    };
  } catch (err) {
    for (const close of closers) await close().catch(() => undefined);
    throw err;
  }
}
