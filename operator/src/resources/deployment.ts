import type { Deployment } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names, selectorLabels } from './labels';
import { buildPodTemplate } from './podTemplate';
import type { BuildContext } from './types';

/** Replicas when the spec names neither `replicas` nor `autoscaling`. */
export const DEFAULT_REPLICAS = 2;

/**
 * The server Deployment. `spec.replicas` is left out when an HPA owns the count, so that applying
 * it never fights the autoscaler; rolling updates add pods before removing any (capacity kept).
 */
export function buildDeployment(server: ImageServer, ctx: BuildContext): Deployment {
  const autoscaled = server.spec.autoscaling !== undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: names.server(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server),
    },
    spec: {
      ...(autoscaled ? {} : { replicas: server.spec.replicas ?? DEFAULT_REPLICAS }),
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(server) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      template: buildPodTemplate(server, ctx, 'server'),
    },
  };
}
