import type { Deployment } from './kubeTypes';
import type { ImageServer } from '../crd/types';
import { childLabels, names, selectorLabels } from './labels';
import { buildPodTemplate } from './podTemplate';
import type { BuildContext } from './types';

/** The tagging queue worker (`node dist/worker.js`), only when tagging mode is `queue`. */
export function buildWorkerDeployment(server: ImageServer, ctx: BuildContext): Deployment | undefined {
  if (server.spec.tagging?.mode !== 'queue') return undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: names.worker(server),
      namespace: server.metadata.namespace,
      labels: childLabels(server, 'worker'),
    },
    spec: {
      replicas: server.spec.tagging.workerReplicas ?? 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(server, 'worker') },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: buildPodTemplate(server, ctx, 'worker'),
    },
  };
}
