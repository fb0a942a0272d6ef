import type { PodDisruptionBudget } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names, selectorLabels } from './labels';

/**
 * At most one server pod down through voluntary disruptions (node drains). `maxUnavailable`
 * rather than `minAvailable` so that a single-replica server never blocks a drain forever.
 */
export function buildPodDisruptionBudget(server: ImageServer): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: {
      name: names.server(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
    },
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(server) } },
  };
}
