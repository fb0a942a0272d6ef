import { EmptyState, Link, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { imageServerCreatePermission } from '../../permissions';
import {
  ButtonLink,
  Cell,
  CellText,
  Column,
  Flex,
  Row,
  Select,
  TableBody,
  TableHeader,
  TableRoot,
  Text,
} from '@backstage/ui';
import { useState } from 'react';
import { useHref } from 'react-router-dom';
import { imageServerApiRef } from '../../api';
import type { ImageServerSummary } from '../../api';
import { usePolling } from '../../hooks';
import { ConnectClusterEmptyState, HealthStatus } from '../common';
import { joinPath, serverHref } from '../paths';

/** Choices of the refresh interval, in seconds; 0 stops refreshing. */
export const refreshChoices = [0, 5, 10, 30, 60] as const;

/**
 * Every image server the portal can see, refreshed on an interval the user picks (the
 * extension's configured default first). Clusters that fail to answer are listed above the
 * table instead of hiding the servers that did answer.
 */
export function ServerList(props: { defaultRefreshSeconds?: number }) {
  const api = useApi(imageServerApiRef);
  const [refreshSeconds, setRefreshSeconds] = useState(props.defaultRefreshSeconds ?? 10);
  const { value, error, loading, retry } = usePolling(() => api.listServers(), refreshSeconds * 1000, [api]);
  const canCreate = usePermission({ permission: imageServerCreatePermission });
  const createHref = useHref('create');

  const choices = [...new Set([...refreshChoices, refreshSeconds])].sort((a, b) => a - b);
  return (
    <Flex direction="column" gap="4">
      <Flex justify="between" align="end">
        <div style={{ width: 180 }}>
          <Select
            label="Refresh"
            aria-label="Refresh interval"
            selectedKey={String(refreshSeconds)}
            onSelectionChange={(key) => setRefreshSeconds(Number(key))}
            options={choices.map((s) => ({ id: String(s), label: s === 0 ? 'Off' : `Every ${s} s` }))}
          />
        </div>
        {canCreate.allowed && (
          <ButtonLink href={createHref} variant="primary">
            Create image server
          </ButtonLink>
        )}
      </Flex>
      {loading && !value && <Progress />}
      {error && !value && <ResponseErrorPanel error={error} />}
      {error && value && (
        <WarningPanel
          severity="warning"
          title="Refresh failed; showing the last answer"
          message={error.message}
        />
      )}
      {value?.errors.map((e) => (
        <WarningPanel
          key={e.cluster}
          severity={e.errorType === 'NOT_CONFIGURED' ? 'info' : 'error'}
          title={`Cluster ${e.cluster}: ${e.errorType}`}
          message={e.message}
        />
      ))}
      {value && value.items.length === 0 && !value.clustersConfigured && <ConnectClusterEmptyState />}
      {value && value.items.length === 0 && value.clustersConfigured && (
        <EmptyState
          missing="data"
          title="No image servers yet"
          description="Create one with the button above or with the scaffolder template."
        />
      )}
      {value && value.items.length > 0 && <ServerTable items={value.items} />}
      {value && (
        <Text variant="body-small" color="secondary">
          {value.items.length} server{value.items.length === 1 ? '' : 's'}
          {refreshSeconds > 0 ? `, refreshed every ${refreshSeconds} s` : ''}.{' '}
          <Link to="#" onClick={(e) => (e.preventDefault(), retry())}>
            Refresh now
          </Link>
        </Text>
      )}
    </Flex>
  );
}

function ServerTable(props: { items: ImageServerSummary[] }) {
  const base = useHref('.');
  return (
    <TableRoot aria-label="Image servers">
      <TableHeader>
        <Column isRowHeader>Name</Column>
        <Column>Status</Column>
        <Column>Replicas</Column>
        <Column>URL</Column>
        <Column>Owner</Column>
        <Column>Cluster</Column>
      </TableHeader>
      <TableBody>
        {props.items.map((s) => {
          const id = `${s.ref.cluster}/${s.ref.namespace}/${s.ref.name}`;
          return (
            <Row key={id} id={id}>
              <CellText
                title={s.ref.name}
                description={s.ref.namespace}
                href={joinPath(base, serverHref(s.ref))}
              />
              <Cell>
                <HealthStatus health={s.health} reason={s.healthReason} />
              </Cell>
              <CellText title={s.replicas ? `${s.replicas.ready}/${s.replicas.desired}` : '–'} />
              <Cell>{s.url ? <Link to={s.url}>{s.url}</Link> : '–'}</Cell>
              <CellText title={s.owner ?? '–'} />
              <CellText title={s.ref.cluster} />
            </Row>
          );
        })}
      </TableBody>
    </TableRoot>
  );
}
