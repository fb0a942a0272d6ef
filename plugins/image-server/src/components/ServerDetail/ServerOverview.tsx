import { Link, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { imageServerDeletePermission, permissionResourceRef } from '../../permissions';
import {
  Button,
  Card,
  CardBody,
  CardHeader,
  Cell,
  CellText,
  Column,
  Flex,
  Grid,
  Row,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { useEffect, useState } from 'react';
import { imageServerApiRef } from '../../api';
import type { ImageServerDetails, ServerRef } from '../../api';
import { usePolling } from '../../hooks';
import { appendSnapshot, emptySeries, formatBytes, formatPercent, formatTime } from '../../lib';
import type { MetricsSeries } from '../../lib';
import { ConfirmDialog, HealthStatus } from '../common';
import { MetricsCharts } from './MetricsCharts';

/**
 * Health, conditions, endpoints, events and metrics of one server. The metrics endpoint returns
 * a snapshot; the page polls it and keeps the series itself, so the charts start empty and fill
 * while the page is open.
 */
export function ServerOverview(props: {
  serverRef: ServerRef;
  pollSeconds?: number;
  onDeleted?: () => void;
}) {
  const api = useApi(imageServerApiRef);
  const ref = props.serverRef;
  const pollMs = (props.pollSeconds ?? 5) * 1000;
  const key = [ref.cluster, ref.namespace, ref.name];
  const details = usePolling(() => api.getServer(ref), pollMs, [api, ...key]);
  const stats = usePolling(() => api.getStats(ref), pollMs, [api, ...key]);
  const metrics = usePolling(() => api.getMetrics(ref), pollMs, [api, ...key]);
  const [series, setSeries] = useState<MetricsSeries>(emptySeries);
  useEffect(() => setSeries(emptySeries), [ref.cluster, ref.namespace, ref.name]);
  useEffect(() => {
    if (metrics.value) setSeries((s) => appendSnapshot(s, metrics.value!));
  }, [metrics.value]);

  if (details.loading && !details.value) return <Progress />;
  if (details.error && !details.value) return <ResponseErrorPanel error={details.error} />;
  const d = details.value!;
  return (
    <Flex direction="column" gap="4">
      {details.error && (
        <WarningPanel
          severity="warning"
          title="Refresh failed; showing the last answer"
          message={details.error.message}
        />
      )}
      <Summary details={d} onDeleted={props.onDeleted} />
      <Grid.Root columns={{ initial: '2', md: '4' }} gap="3">
        <Stat label="Images" value={stats.value ? String(stats.value.images) : '–'} />
        <Stat label="Stored" value={stats.value ? formatBytes(stats.value.storedBytes) : '–'} />
        <Stat label="Uploads (24 h)" value={stats.value ? String(stats.value.uploadsLast24h) : '–'} />
        <Stat label="Cache hit ratio" value={stats.value ? formatPercent(stats.value.cacheHitRatio) : '–'} />
      </Grid.Root>
      {stats.error && !stats.value && (
        <WarningPanel severity="warning" title="Statistics unavailable" message={stats.error.message} />
      )}
      <Text as="h3" variant="title-small">
        Metrics
      </Text>
      {metrics.error && (
        <WarningPanel severity="warning" title="Metrics unavailable" message={metrics.error.message} />
      )}
      <MetricsCharts points={series.points} />
      <Conditions details={d} />
      <Events details={d} />
    </Flex>
  );
}

function Stat(props: { label: string; value: string }) {
  return (
    <Card>
      <CardBody>
        <Text variant="body-small" color="secondary">
          {props.label}
        </Text>
        <Text as="div" variant="title-medium">
          {props.value}
        </Text>
      </CardBody>
    </Card>
  );
}

function Summary(props: { details: ImageServerDetails; onDeleted?: () => void }) {
  const d = props.details;
  const api = useApi(imageServerApiRef);
  const canDelete = usePermission({
    permission: imageServerDeletePermission,
    resourceRef: permissionResourceRef(d.ref),
  });
  const [confirming, setConfirming] = useState(false);
  const deletable = d.source === 'kubernetes';
  const rows: [string, React.ReactNode][] = [
    ['Status', <HealthStatus key="h" health={d.health} reason={d.healthReason} />],
    ['Cluster / namespace', `${d.ref.cluster} / ${d.ref.namespace}`],
    ['Owner', d.owner ?? '–'],
    ['API endpoint', d.endpoints.api ? <Link to={d.endpoints.api}>{d.endpoints.api}</Link> : (d.url ?? '–')],
    ['CDN endpoint', d.endpoints.cdn ? <Link to={d.endpoints.cdn}>{d.endpoints.cdn}</Link> : '–'],
    [
      'Replicas',
      d.deployment
        ? `${d.deployment.ready} ready / ${d.deployment.desired} desired (${d.deployment.updated} updated, ${d.deployment.available} available)`
        : d.replicas
          ? `${d.replicas.ready}/${d.replicas.desired}`
          : '–',
    ],
  ];
  if (d.autoscaler) {
    const a = d.autoscaler;
    rows.push([
      'Autoscaling',
      `${a.min}–${a.max} replicas, now ${a.current} (wants ${a.desired})${a.currentCPUUtilization !== undefined ? `, CPU ${a.currentCPUUtilization}% of ${a.targetCPUUtilization ?? '?'}%` : ''}`,
    ]);
  }
  if (d.createdAt) rows.push(['Created', formatTime(d.createdAt)]);
  return (
    <Card>
      <CardHeader>
        <Flex justify="between" align="center">
          <Text variant="title-small">{d.ref.name}</Text>
          {deletable && (
            <Button
              variant="secondary"
              destructive
              isDisabled={!canDelete.allowed}
              onPress={() => setConfirming(true)}
            >
              Delete server
            </Button>
          )}
        </Flex>
      </CardHeader>
      <CardBody>
        <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 }}>
          {rows.map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>
                <Text color="secondary">{k}</Text>
              </dt>
              <dd style={{ margin: 0 }}>{typeof v === 'string' ? <Text>{v}</Text> : v}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
      <ConfirmDialog
        isOpen={confirming}
        title={`Delete ${d.ref.name}?`}
        confirmLabel="Delete"
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await api.deleteServer(d.ref);
          props.onDeleted?.();
        }}
      >
        <Text as="p">
          The ImageServer resource {d.ref.namespace}/{d.ref.name} in cluster {d.ref.cluster} is deleted. Its
          bucket is
          {d.spec?.storage?.deletionPolicy === 'Delete'
            ? ' deleted with it'
            : ' kept (deletion policy Retain)'}
          .
        </Text>
      </ConfirmDialog>
    </Card>
  );
}

function Conditions(props: { details: ImageServerDetails }) {
  const conditions = props.details.conditions;
  return (
    <Flex direction="column" gap="2">
      <Text as="h3" variant="title-small">
        Conditions
      </Text>
      {conditions.length === 0 ? (
        <Text color="secondary">
          No conditions reported{props.details.source === 'static' ? ' (static servers have none)' : ''}.
        </Text>
      ) : (
        <TableRoot aria-label="Conditions">
          <TableHeader>
            <Column isRowHeader>Type</Column>
            <Column>Status</Column>
            <Column>Reason</Column>
            <Column>Message</Column>
            <Column>Since</Column>
          </TableHeader>
          <TableBody>
            {conditions.map((c) => (
              <Row key={c.type} id={c.type}>
                <CellText title={c.type} />
                <CellText title={c.status} color={c.status === 'True' ? 'primary' : 'secondary'} />
                <CellText title={c.reason ?? '–'} />
                <Cell>
                  <Text>{c.message ?? ''}</Text>
                </Cell>
                <CellText title={formatTime(c.lastTransitionTime)} />
              </Row>
            ))}
          </TableBody>
        </TableRoot>
      )}
    </Flex>
  );
}

function Events(props: { details: ImageServerDetails }) {
  const events = props.details.events;
  return (
    <Flex direction="column" gap="2">
      <Text as="h3" variant="title-small">
        Events
      </Text>
      {events.length === 0 ? (
        <Text color="secondary">No recent events.</Text>
      ) : (
        <TableRoot aria-label="Events">
          <TableHeader>
            <Column isRowHeader>Reason</Column>
            <Column>Type</Column>
            <Column>Message</Column>
            <Column>Count</Column>
            <Column>Last seen</Column>
          </TableHeader>
          <TableBody>
            {events.map((e, i) => (
              <Row key={`${e.reason}-${i}`} id={`${e.reason}-${i}`}>
                <CellText title={e.reason} />
                <CellText title={e.type} />
                <Cell>
                  <Text color={e.type === 'Warning' ? 'warning' : 'primary'}>{e.message}</Text>
                </Cell>
                <CellText title={String(e.count ?? 1)} />
                <CellText title={formatTime(e.lastTimestamp)} />
              </Row>
            ))}
          </TableBody>
        </TableRoot>
      )}
    </Flex>
  );
}
