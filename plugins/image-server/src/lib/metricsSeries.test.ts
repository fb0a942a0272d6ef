import type { MetricsSnapshot } from '../api';
import { appendSnapshot, emptySeries } from './metricsSeries';

const snap = (at: string, over: Partial<MetricsSnapshot> = {}): MetricsSnapshot => ({
  scrapedAt: `2026-01-01T00:00:${at}Z`,
  requestsTotal: 0,
  p95LatencySeconds: 0.05,
  uploadsTotal: 0,
  cacheHitRatio: 0.5,
  storedBytes: 100,
  taggingQueueDepth: 0,
  ...over,
});

describe('appendSnapshot', () => {
  it('turns counters into rates between snapshots', () => {
    let s = appendSnapshot(emptySeries, snap('00', { uploadsTotal: 10, requestsTotal: 100 }));
    s = appendSnapshot(s, snap('10', { uploadsTotal: 12, requestsTotal: 150, taggingQueueDepth: 3 }));
    expect(s.points).toHaveLength(2);
    expect(s.points[0]).toMatchObject({ uploadsPerMinute: null, requestsPerSecond: null, p95LatencyMs: 50 });
    expect(s.points[1]).toMatchObject({ uploadsPerMinute: 12, requestsPerSecond: 5, taggingQueueDepth: 3 });
  });

  it('prefers the rate the server reports', () => {
    const s = appendSnapshot(
      appendSnapshot(emptySeries, snap('00')),
      snap('10', { requestsTotal: 50, requestRate: 7 }),
    );
    expect(s.points[1]!.requestsPerSecond).toBe(7);
  });

  it('counts from zero after a counter reset', () => {
    const s = appendSnapshot(
      appendSnapshot(emptySeries, snap('00', { uploadsTotal: 500 })),
      snap('30', { uploadsTotal: 5 }),
    );
    expect(s.points[1]!.uploadsPerMinute).toBe(10);
  });

  it('leaves gaps for figures the server has not measured yet', () => {
    const s = appendSnapshot(
      emptySeries,
      snap('00', { p95LatencySeconds: null, cacheHitRatio: null, taggingQueueDepth: null }),
    );
    expect(s.points[0]).toMatchObject({ p95LatencyMs: null, cacheHitRatio: null, taggingQueueDepth: null });
  });

  it('ignores snapshots that are not newer and keeps at most maxPoints', () => {
    let s = appendSnapshot(emptySeries, snap('10'));
    expect(appendSnapshot(s, snap('05'))).toBe(s);
    expect(appendSnapshot(s, { ...snap('20'), scrapedAt: 'not a date' })).toBe(s);
    for (const at of ['11', '12', '13', '14']) s = appendSnapshot(s, snap(at), 3);
    expect(s.points.map((p) => new Date(p.t).getUTCSeconds())).toEqual([12, 13, 14]);
  });
});
