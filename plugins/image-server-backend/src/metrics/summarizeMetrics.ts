import { Readable } from 'node:stream';
import {
  getMetricsFromStream,
  type PromData,
  type PromHistogramData,
  type PromMetrics,
} from 'prom2javascript';
import type { ServerMetrics } from '@imageserver/plugin-image-server-common';
import { histogramQuantile } from './histogramQuantile';

export const METRIC_NAMES = {
  requestDuration: 'imageserver_http_request_duration_seconds',
  uploads: 'imageserver_uploads_total',
  uploadBytes: 'imageserver_upload_bytes_total',
  cacheRequests: 'imageserver_cache_requests_total',
  taggingQueueDepth: 'imageserver_tagging_queue_depth',
} as const;

/** The previous scrape of the same server, for the request rate. */
export interface PreviousScrape {
  at: Date;
  requestsTotal: number;
}

const USED = Object.values(METRIC_NAMES);

/** The family a text-format line belongs to (its metric name, or the name in `# HELP`/`# TYPE`). */
function familyOf(line: string): string | undefined {
  const m = /^(?:# (?:HELP|TYPE) )?([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line);
  return m?.[1];
}

/**
 * Parses the families the monitoring view uses with prom2javascript (labelled histograms stay
 * one series per label set; parse-prometheus-text-format merges them into one and loses counts).
 * Other families are dropped first: the parser throws on the whole text for a single value it
 * does not know, such as prom-client's `Nan` in default Node.js metrics.
 */
export function parsePrometheusText(text: string): Promise<PromMetrics> {
  const lines = text.split('\n').filter((line) => {
    const family = familyOf(line);
    return family !== undefined && USED.some((name) => family === name || family.startsWith(`${name}_`));
  });
  return getMetricsFromStream(Readable.from([lines.join('\n')]));
}

/**
 * The figures of the monitoring view, from the server's Prometheus text:
 * - requestsTotal: observations of the request-duration histogram, all labels summed;
 * - p95LatencySeconds: the 95th percentile of that histogram with buckets summed over labels;
 * - uploadsTotal: uploads that stored or matched an image (`result` created or duplicate);
 * - cacheHitRatio: hits / look-ups over all cache layers, null before the first look-up;
 * - taggingQueueDepth: the `imageserver_tagging_queue_depth` gauge, null when the server has none;
 * - requestRate: requests per second since `previous`, when given and the counter did not reset.
 * `storedBytes` comes from `/v1/stats` (the metrics only count uploaded bytes, not deletions);
 * `fallbackStoredBytes` is used when the stats could not be read.
 */
export async function summarizeMetrics(
  text: string,
  options: { now: Date; storedBytes?: number; previous?: PreviousScrape },
): Promise<ServerMetrics> {
  const families = await parsePrometheusText(text);
  const samples = (name: string) => (families[name]?.data ?? []) as PromData[];
  const histogram = (name: string) => (families[name]?.data ?? []) as PromHistogramData[];

  const buckets = new Map<number, number>();
  let requestsTotal = 0;
  for (const s of histogram(METRIC_NAMES.requestDuration)) {
    requestsTotal += s.count;
    for (const [le, count] of Object.entries(s.buckets)) {
      const bound = le === '+Inf' ? Infinity : Number(le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + count);
    }
  }
  const uploadsTotal = samples(METRIC_NAMES.uploads)
    .filter((s) => s.labels?.result !== 'rejected')
    .reduce((sum, s) => sum + s.value, 0);
  let hits = 0;
  let lookups = 0;
  for (const s of samples(METRIC_NAMES.cacheRequests)) {
    lookups += s.value;
    if (s.labels?.result === 'hit') hits += s.value;
  }
  const queue = samples(METRIC_NAMES.taggingQueueDepth);
  const uploadedBytes = samples(METRIC_NAMES.uploadBytes).reduce((sum, s) => sum + s.value, 0);

  const metrics: ServerMetrics = {
    scrapedAt: options.now.toISOString(),
    requestsTotal,
    p95LatencySeconds: histogramQuantile(0.95, buckets),
    uploadsTotal,
    cacheHitRatio: lookups > 0 ? hits / lookups : null,
    storedBytes: options.storedBytes ?? uploadedBytes,
    taggingQueueDepth: queue.length > 0 ? queue.reduce((sum, s) => sum + s.value, 0) : null,
  };
  const prev = options.previous;
  const seconds = prev ? (options.now.getTime() - prev.at.getTime()) / 1000 : 0;
  if (prev && seconds > 0 && requestsTotal >= prev.requestsTotal) {
    metrics.requestRate = (requestsTotal - prev.requestsTotal) / seconds;
  }
  return metrics;
}
