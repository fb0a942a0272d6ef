import { names } from '../../resources/labels';
import { statusUrl } from '../../resources/publicUrl';
import type { Step } from '../types';

interface DeploymentLike {
  metadata: { generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
}

/**
 * Reads the Deployment's rollout from the cache and decides Ready and Progressing. Deployment
 * status changes arrive through the Deployment informer, so nothing here polls.
 */
export const summarize: Step = {
  name: 'summarize',
  async run(ctx) {
    const { server, deps } = ctx;
    const deployment = deps.cache.get(
      'apps/v1',
      'Deployment',
      server.metadata.namespace,
      names.server(server),
    ) as DeploymentLike | undefined;
    const desired = deployment?.spec?.replicas ?? 0;
    const st = deployment?.status ?? {};
    const ready = st.readyReplicas ?? 0;
    const rolledOut =
      deployment !== undefined &&
      (st.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0) &&
      (st.updatedReplicas ?? 0) >= desired &&
      (st.availableReplicas ?? 0) >= desired &&
      (st.replicas ?? 0) <= desired;
    ctx.status.readyReplicas = ready;
    ctx.status.desiredReplicas = desired;
    ctx.status.url = statusUrl(server);
    ctx.conditions.set('Progressing', {
      type: 'Progressing',
      status: rolledOut ? 'False' : 'True',
      reason: rolledOut ? 'RolloutComplete' : 'RollingOut',
      message: rolledOut
        ? `${ready}/${desired} replicas ready`
        : `rollout in progress: ${st.updatedReplicas ?? 0}/${desired} updated, ${ready} ready`,
    });
    ctx.conditions.set('Degraded', {
      type: 'Degraded',
      status: 'False',
      reason: 'AsExpected',
      message: 'all steps succeeded',
    });
    ctx.conditions.set(
      'Ready',
      rolledOut && (desired === 0 || ready >= desired)
        ? {
            type: 'Ready',
            status: 'True',
            reason: 'Available',
            message: `${ready}/${desired} replicas ready at ${ctx.status.url}`,
          }
        : {
            type: 'Ready',
            status: 'False',
            reason: 'RollingOut',
            message: `${ready}/${desired} replicas ready`,
          },
    );
  },
};
