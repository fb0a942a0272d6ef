import { histogramQuantile } from './histogramQuantile';
import { summarizeMetrics } from './summarizeMetrics';

// Shaped like prom-client's output: `le` first, several label sets per histogram.
const TEXT = `# HELP imageserver_nodejs_eventloop_lag_mean_seconds Mean event loop lag.
# TYPE imageserver_nodejs_eventloop_lag_mean_seconds gauge
imageserver_nodejs_eventloop_lag_mean_seconds Nan
# HELP imageserver_http_request_duration_seconds HTTP request duration.
# TYPE imageserver_http_request_duration_seconds histogram
imageserver_http_request_duration_seconds_bucket{le="0.01",route="/v1/images",method="GET",status="200"} 50
imageserver_http_request_duration_seconds_bucket{le="0.1",route="/v1/images",method="GET",status="200"} 90
imageserver_http_request_duration_seconds_bucket{le="1",route="/v1/images",method="GET",status="200"} 100
imageserver_http_request_duration_seconds_bucket{le="+Inf",route="/v1/images",method="GET",status="200"} 100
imageserver_http_request_duration_seconds_sum{route="/v1/images",method="GET",status="200"} 3.2
imageserver_http_request_duration_seconds_count{route="/v1/images",method="GET",status="200"} 100
imageserver_http_request_duration_seconds_bucket{le="0.01",route="/i/:id",method="GET",status="200"} 0
imageserver_http_request_duration_seconds_bucket{le="0.1",route="/i/:id",method="GET",status="200"} 0
imageserver_http_request_duration_seconds_bucket{le="1",route="/i/:id",method="GET",status="200"} 100
imageserver_http_request_duration_seconds_bucket{le="+Inf",route="/i/:id",method="GET",status="200"} 100
imageserver_http_request_duration_seconds_sum{route="/i/:id",method="GET",status="200"} 40
imageserver_http_request_duration_seconds_count{route="/i/:id",method="GET",status="200"} 100
# HELP imageserver_uploads_total Uploads by result.
# TYPE imageserver_uploads_total counter
imageserver_uploads_total{result="created"} 7
imageserver_uploads_total{result="duplicate"} 2
imageserver_uploads_total{result="rejected"} 5
# HELP imageserver_upload_bytes_total Bytes.
# TYPE imageserver_upload_bytes_total counter
imageserver_upload_bytes_total 123456
# HELP imageserver_cache_requests_total Cache look-ups.
# TYPE imageserver_cache_requests_total counter
imageserver_cache_requests_total{layer="l1",result="hit"} 30
imageserver_cache_requests_total{layer="l1",result="miss"} 10
imageserver_cache_requests_total{layer="l2",result="hit"} 5
imageserver_cache_requests_total{layer="l2",result="miss"} 5
`;

describe('summarizeMetrics', () => {
  const now = new Date('2026-11-28T10:00:00Z');

  it('sums the request histogram over its labels and computes p95 from the summed buckets', async () => {
    const m = await summarizeMetrics(TEXT, { now, storedBytes: 999 });
    expect(m).toEqual({
      scrapedAt: '2026-11-28T10:00:00.000Z',
      requestsTotal: 200,
      // 200 observations: rank 190 falls in (0.1, 1], cumulative 90..200 -> 0.1 + 0.9 * (190 - 90) / 110
      p95LatencySeconds: expect.closeTo(0.1 + (0.9 * 100) / 110, 10),
      uploadsTotal: 9,
      cacheHitRatio: 35 / 50,
      storedBytes: 999,
      taggingQueueDepth: null,
    });
  });

  it('reads the tagging queue gauge when present, and falls back to uploaded bytes without stats', async () => {
    const text = `${TEXT}# HELP imageserver_tagging_queue_depth Jobs waiting.\n# TYPE imageserver_tagging_queue_depth gauge\nimageserver_tagging_queue_depth 4\n`;
    const m = await summarizeMetrics(text, { now });
    expect(m.taggingQueueDepth).toBe(4);
    expect(m.storedBytes).toBe(123456);
  });

  it('gives a request rate against the previous scrape, but not across a counter reset', async () => {
    const previous = { at: new Date(now.getTime() - 10_000), requestsTotal: 150 };
    expect((await summarizeMetrics(TEXT, { now, previous })).requestRate).toBe(5);
    expect(
      (await summarizeMetrics(TEXT, { now, previous: { ...previous, requestsTotal: 500 } })).requestRate,
    ).toBeUndefined();
  });

  it('answers null figures for a server that has not served anything yet', async () => {
    const m = await summarizeMetrics('', { now });
    expect(m).toMatchObject({
      requestsTotal: 0,
      p95LatencySeconds: null,
      cacheHitRatio: null,
      uploadsTotal: 0,
    });
  });
});

describe('histogramQuantile', () => {
  it('interpolates inside the bucket and stops at the highest finite bound', () => {
    const buckets = new Map([
      [1, 10],
      [2, 20],
      [Infinity, 100],
    ]);
    expect(
      histogramQuantile(
        0.5,
        new Map([
          [1, 0],
          [2, 10],
          [Infinity, 10],
        ]),
      ),
    ).toBe(1.5);
    expect(histogramQuantile(0.95, buckets)).toBe(2);
    expect(histogramQuantile(0.1, buckets)).toBe(1);
    expect(histogramQuantile(0.95, new Map())).toBeNull();
  });
});
