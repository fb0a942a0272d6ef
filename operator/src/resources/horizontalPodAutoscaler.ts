import type { HorizontalPodAutoscaler } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names } from './labels';

/** CPU-based HPA for the server Deployment, or undefined when the spec fixes the replica count. */
export function buildHorizontalPodAutoscaler(server: ImageServer): HorizontalPodAutoscaler | undefined {
  const a = server.spec.autoscaling;
  if (!a) return undefined;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: names.server(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
    },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: names.server(server) },
      minReplicas: a.minReplicas ?? 2,
      maxReplicas: a.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: a.targetCPUUtilization ?? 70 },
          },
        },
      ],
      behavior: {
        // Image traffic is bursty; scale up at once, scale down only after five quiet minutes.
        scaleDown: {
          stabilizationWindowSeconds: 300,
          policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
        },
      },
    },
  };
}
