import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every Prometheus metric of the server, in one place so names and labels stay consistent.
 * One instance per process (tests create their own so they do not share counters).
 */
export class Metrics {
  readonly registry = new Registry();

  readonly taggingDuration = new Histogram({
    name: 'imageserver_tagging_duration_seconds',
    help: 'Time one tagger took on one image, by tagger and outcome (ok or error).',
    labelNames: ['tagger', 'outcome'] as const,
    buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'imageserver_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly uploads = new Counter({
    name: 'imageserver_uploads_total',
    help: 'Uploads by result: created, duplicate or rejected.',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly uploadBytes = new Counter({
    name: 'imageserver_upload_bytes_total',
    help: 'Bytes of images stored by uploads (duplicates not counted).',
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'imageserver_errors_total',
    help: 'Errors answered, by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly storageDuration = new Histogram({
    name: 'imageserver_storage_operation_duration_seconds',
    help: 'Object storage call latency by backend, operation and outcome.',
    labelNames: ['backend', 'operation', 'outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly databaseDuration = new Histogram({
    name: 'imageserver_database_query_duration_seconds',
    help: 'Database query latency by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly cacheRequests = new Counter({
    name: 'imageserver_cache_requests_total',
    help: 'Cache look-ups by layer and result (hit or miss).',
    labelNames: ['layer', 'result'] as const,
    registers: [this.registry],
  });

  readonly cacheErrors = new Counter({
    name: 'imageserver_cache_errors_total',
    help: 'Cache backend failures by layer (requests were still served).',
    labelNames: ['layer'] as const,
    registers: [this.registry],
  });

  readonly cacheUp = new Gauge({
    name: 'imageserver_cache_up',
    help: '1 when the shared cache (Redis) answers, 0 when degraded to the in-process cache.',
    labelNames: ['layer'] as const,
    registers: [this.registry],
  });

  readonly variantCacheRequests = new Counter({
    name: 'imageserver_variant_cache_requests_total',
    help: 'Variant look-ups by layer (l1 process, l2 Redis, l3 blob store) and result (hit or miss).',
    labelNames: ['layer', 'result'] as const,
    registers: [this.registry],
  });

  readonly variantCacheBytes = new Counter({
    name: 'imageserver_variant_cache_bytes_total',
    help: 'Variant bytes by layer and direction: served from the layer, or stored into it.',
    labelNames: ['layer', 'direction'] as const,
    registers: [this.registry],
  });

  readonly variantCacheEvictions = new Counter({
    name: 'imageserver_variant_cache_evictions_total',
    help: 'Variants removed from a layer, by reason: capacity, expired or invalidated.',
    labelNames: ['layer', 'reason'] as const,
    registers: [this.registry],
  });

  readonly variantCacheSize = new Gauge({
    name: 'imageserver_variant_cache_size_bytes',
    help: 'Bytes of variants held by the in-process layer.',
    labelNames: ['layer'] as const,
    registers: [this.registry],
  });

  readonly transforms = new Counter({
    name: 'imageserver_transforms_total',
    help: 'Variant renders by output format and outcome (ok or error).',
    labelNames: ['format', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly transformDuration = new Histogram({
    name: 'imageserver_transform_duration_seconds',
    help: 'Time to render a variant (decode, transform, encode) by output format.',
    labelNames: ['format'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly transformQueueDepth = new Gauge({
    name: 'imageserver_transform_queue_depth',
    help: 'Renders waiting for a slot.',
    registers: [this.registry],
  });

  readonly transformsRunning = new Gauge({
    name: 'imageserver_transforms_running',
    help: 'Renders in progress.',
    registers: [this.registry],
  });

  readonly transformRejections = new Counter({
    name: 'imageserver_transform_rejections_total',
    help: 'Renders refused with 503, by reason: queue_full or queue_timeout.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly cdnInvalidations = new Counter({
    name: 'imageserver_cdn_invalidations_total',
    help: 'CDN invalidation requests by outcome (ok or error).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, prefix: 'imageserver_' });
  }

  /**
   * Share of cache look-ups answered by any cache layer, or null before the first look-up.
   * Every look-up starts at L1; an L1 miss goes on to L2, so look-ups = L1 hits + L1 misses.
   */
  async cacheHitRatio(): Promise<number | null> {
    const { values } = await this.cacheRequests.get();
    const count = (layer: string, result?: string) =>
      values
        .filter((v) => v.labels.layer === layer && (result === undefined || v.labels.result === result))
        .reduce((sum, v) => sum + v.value, 0);
    const lookups = count('l1');
    return lookups === 0 ? null : (count('l1', 'hit') + count('l2', 'hit')) / lookups;
  }
}
