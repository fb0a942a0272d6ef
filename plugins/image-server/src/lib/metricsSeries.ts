import type { MetricsSnapshot } from '../api';

/** One point of the detail page's charts, derived from two consecutive snapshots. */
export interface MetricsPoint {
  /** Milliseconds since the epoch of the scrape. */
  t: number;
  /** Uploads per minute since the previous snapshot; null for the first one. */
  uploadsPerMinute: number | null;
  /** Requests per second: the backend's rate when it reports one, else derived; null without either. */
  requestsPerSecond: number | null;
  /** Null when the server has not measured it yet; charts leave a gap. */
  p95LatencyMs: number | null;
  cacheHitRatio: number | null;
  storedBytes: number;
  taggingQueueDepth: number | null;
}

export interface MetricsSeries {
  last?: MetricsSnapshot;
  points: MetricsPoint[];
}

export const emptySeries: MetricsSeries = { points: [] };

/**
 * Adds a snapshot to the series and keeps at most `maxPoints`. Counters become rates from the
 * difference with the previous snapshot; a counter that went down (a restart) counts from zero.
 * A snapshot not newer than the last one is ignored, so a slow poll cannot draw time backwards.
 */
export function appendSnapshot(series: MetricsSeries, snap: MetricsSnapshot, maxPoints = 120): MetricsSeries {
  const t = Date.parse(snap.scrapedAt);
  if (Number.isNaN(t)) return series;
  const prev = series.last;
  const prevT = prev ? Date.parse(prev.scrapedAt) : NaN;
  if (prev && t <= prevT) return series;

  const seconds = prev ? (t - prevT) / 1000 : 0;
  const delta = (now: number, before: number | undefined) =>
    before === undefined ? 0 : now >= before ? now - before : now;
  const uploads = delta(snap.uploadsTotal, prev?.uploadsTotal);
  const requests = delta(snap.requestsTotal, prev?.requestsTotal);

  const point: MetricsPoint = {
    t,
    uploadsPerMinute: seconds > 0 ? (uploads / seconds) * 60 : null,
    requestsPerSecond: snap.requestRate ?? (seconds > 0 ? requests / seconds : null),
    p95LatencyMs: snap.p95LatencySeconds === null ? null : snap.p95LatencySeconds * 1000,
    cacheHitRatio: snap.cacheHitRatio,
    storedBytes: snap.storedBytes,
    taggingQueueDepth: snap.taggingQueueDepth,
  };
  const points = [...series.points, point];
  return { last: snap, points: points.slice(Math.max(0, points.length - maxPoints)) };
}
