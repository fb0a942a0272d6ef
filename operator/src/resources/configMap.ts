import type { ConfigMap } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names } from './labels';
import { buildServerSettings } from './serverSettings';
import type { BuildContext } from './types';

/** ConfigMap with the server's non-secret settings, loaded into the pods with `envFrom`. */
export function buildConfigMap(server: ImageServer, ctx: BuildContext): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: names.server(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
    },
    data: buildServerSettings(server, ctx.settings),
  };
}
