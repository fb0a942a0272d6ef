import type { ServiceAccount } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names } from './labels';

/** The pods' identity; EKS Pod Identity maps it to the workload role limited to this bucket prefix. */
export function buildServiceAccount(server: ImageServer): ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: names.server(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
    },
    // The server never calls the Kubernetes API; Pod Identity injects its own token.
    automountServiceAccountToken: false,
  };
}
