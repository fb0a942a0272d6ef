import { Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { imageServerCreatePermission } from '../../permissions';
import { useNavigate } from 'react-router-dom';
import { imageServerApiRef } from '../../api';
import type { ListServersResponse } from '../../api';
import { usePolling } from '../../hooks';
import { ConnectClusterEmptyState } from '../common';
import { serverHref } from '../paths';
import { CreateServerForm } from './CreateServerForm';

/** The cluster the form suggests: one that already holds a server, or one that answered with an error. */
export function suggestCluster(list: ListServersResponse): string {
  return (
    list.items.find((s) => s.source === 'kubernetes')?.ref.cluster ??
    list.errors.find((e) => e.errorType !== 'NOT_CONFIGURED')?.cluster ??
    ''
  );
}

/** Create page: the form when a cluster is connected, otherwise how to connect one. */
export function CreateServerPage() {
  const api = useApi(imageServerApiRef);
  const navigate = useNavigate();
  const permission = usePermission({ permission: imageServerCreatePermission });
  const list = usePolling(() => api.listServers(), 0, [api]);

  if (list.loading || permission.loading) return <Progress />;
  if (list.error) return <ResponseErrorPanel error={list.error} />;
  if (!permission.allowed) {
    return (
      <WarningPanel
        severity="info"
        title="You may not create image servers"
        message="Ask the platform team for the image-server create permission."
      />
    );
  }
  if (!list.value?.clustersConfigured) {
    return <ConnectClusterEmptyState title="Connect a cluster to create image servers" />;
  }
  return (
    <CreateServerForm
      defaultCluster={suggestCluster(list.value)}
      onSubmit={(request) => api.createServer(request)}
      onCreated={(created) => navigate(`../${serverHref(created.ref)}`)}
    />
  );
}
