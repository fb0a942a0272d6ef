import type { Service } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names, selectorLabels } from './labels';

/** ClusterIP Service in front of the server pods; the ALB targets pod IPs through it. */
export function buildService(server: ImageServer): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: names.server(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
    },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(server),
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}
