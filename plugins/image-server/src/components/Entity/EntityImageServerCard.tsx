import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { MissingAnnotationEmptyState, useEntity } from '@backstage/plugin-catalog-react';
import { Flex, Text } from '@backstage/ui';
import { imageServerApiRef } from '../../api';
import { usePolling } from '../../hooks';
import { formatBytes, formatPercent } from '../../lib';
import { HealthStatus } from '../common';
import { IMAGE_SERVER_NAME_ANNOTATION, serverRefOfEntity } from './annotations';

/** Entity card: health, replicas and the server's headline numbers. */
export function EntityImageServerCard() {
  const { entity } = useEntity();
  const ref = serverRefOfEntity(entity);
  const api = useApi(imageServerApiRef);
  const key = ref ? [ref.cluster, ref.namespace, ref.name] : [];
  const details = usePolling(async () => (ref ? api.getServer(ref) : undefined), ref ? 30_000 : 0, [
    api,
    ...key,
  ]);
  const stats = usePolling(async () => (ref ? api.getStats(ref) : undefined), ref ? 30_000 : 0, [
    api,
    ...key,
  ]);
  if (!ref) return <MissingAnnotationEmptyState annotation={IMAGE_SERVER_NAME_ANNOTATION} />;
  return (
    <InfoCard title="Image server" subheader={`${ref.cluster} / ${ref.namespace} / ${ref.name}`}>
      {details.loading && !details.value && <Progress />}
      {details.error && !details.value && <ResponseErrorPanel error={details.error} />}
      {details.value && (
        <Flex direction="column" gap="2">
          <HealthStatus health={details.value.health} reason={details.value.healthReason} />
          <Text>
            Replicas:{' '}
            {details.value.replicas
              ? `${details.value.replicas.ready}/${details.value.replicas.desired}`
              : '–'}
          </Text>
          {(details.value.endpoints.api ?? details.value.url) && (
            <Text>URL: {details.value.endpoints.api ?? details.value.url}</Text>
          )}
          {stats.value && (
            <Text>
              {stats.value.images} images, {formatBytes(stats.value.storedBytes)},{' '}
              {stats.value.uploadsLast24h} uploads in 24 h, cache hits{' '}
              {formatPercent(stats.value.cacheHitRatio)}
            </Text>
          )}
        </Flex>
      )}
    </InfoCard>
  );
}
