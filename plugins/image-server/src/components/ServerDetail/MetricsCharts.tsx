import { Card, CardBody, CardHeader, Grid, Text } from '@backstage/ui';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsPoint } from '../../lib';
import { formatBytes, formatPercent } from '../../lib';

interface ChartSpec {
  key: keyof Omit<MetricsPoint, 't'>;
  title: string;
  format: (v: number | null) => string;
}

/** The charts of the detail page, one per measure, in the order the issue lists them. */
export const chartSpecs: ChartSpec[] = [
  { key: 'uploadsPerMinute', title: 'Uploads per minute', format: fixed(1) },
  { key: 'requestsPerSecond', title: 'Requests per second', format: fixed(2) },
  { key: 'p95LatencyMs', title: 'p95 latency (ms)', format: fixed(0) },
  { key: 'cacheHitRatio', title: 'Cache hit ratio', format: formatPercent },
  { key: 'storedBytes', title: 'Stored bytes', format: (v) => (v === null ? '–' : formatBytes(v)) },
  { key: 'taggingQueueDepth', title: 'Tagging queue depth', format: fixed(0) },
];

function fixed(digits: number) {
  return (v: number | null) => (v === null ? '–' : v.toFixed(digits));
}

const timeOfDay = (t: number) => new Date(t).toLocaleTimeString();

/**
 * Line charts of the client-side time series; the latest value sits in each card's title. Rates
 * need two snapshots, so a measure without a value yet says it is waiting rather than showing a dash.
 */
export function MetricsCharts(props: { points: MetricsPoint[] }) {
  const latest = props.points[props.points.length - 1];
  return (
    <Grid.Root columns={{ initial: '1', md: '2', lg: '3' }} gap="3">
      {chartSpecs.map((spec) => (
        <section key={spec.key} aria-label={spec.title}>
          <Card>
            <CardHeader>
              <Text variant="title-x-small">{spec.title}</Text>{' '}
              <Text variant="body-small" color="secondary">
                {latest && latest[spec.key] !== null ? spec.format(latest[spec.key]) : 'waiting for data'}
              </Text>
            </CardHeader>
            <CardBody>
              <div style={{ width: '100%', height: 160 }}>
                {/* Fixed height, fluid width: a percentage height measures 0 where there is no layout (jsdom). */}
                <ResponsiveContainer width="100%" height={160}>
                  <LineChart data={props.points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis
                      dataKey="t"
                      type="number"
                      domain={['dataMin', 'dataMax']}
                      tickFormatter={timeOfDay}
                      minTickGap={40}
                    />
                    <YAxis tickFormatter={spec.format} width={76} />
                    <Tooltip
                      labelFormatter={(t) => timeOfDay(Number(t))}
                      formatter={(v) => spec.format(Number(v))}
                    />
                    <Line
                      type="linear"
                      dataKey={spec.key}
                      stroke="#1f77b4"
                      dot={false}
                      isAnimationActive={false}
                    />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            </CardBody>
          </Card>
        </section>
      ))}
    </Grid.Root>
  );
}
