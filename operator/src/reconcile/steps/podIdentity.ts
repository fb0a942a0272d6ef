import { ensurePodIdentity } from '../../aws/podIdentity';
import { contentHash } from '../../hash';
import { names } from '../../resources/labels';
import type { Step } from '../types';

/**
 * On EKS: the server's ServiceAccount gets the shared workload role with EKS's session tags on.
 * The role itself scopes each server to its storage (see `storageLayout`), by namespace and
 * service account, so the association carries no session policy.
 */
export const podIdentity: Step = {
  name: 'podIdentity',
  async run(ctx) {
    const { server, deps } = ctx;
    const { eksClusterName, workloadRoleArn } = deps.config;
    if (!deps.eks || !eksClusterName || !workloadRoleArn) return;
    const request = {
      clusterName: eksClusterName,
      namespace: server.metadata.namespace,
      serviceAccount: names.server(server),
      roleArn: workloadRoleArn,
      tags: { 'imageserver.dev/owner': `${server.metadata.namespace}/${server.metadata.name}` },
    };
    const checkKey = `${server.metadata.namespace}/${server.metadata.name}/podIdentity`;
    const fingerprint = contentHash(request);
    if (deps.recentChecks?.fresh(checkKey, fingerprint)) return;
    const outcome = await ensurePodIdentity(deps.eks, request);
    deps.recentChecks?.record(checkKey, fingerprint);
    if (outcome) {
      ctx.changes.push(`${outcome} pod identity association`);
      await deps.events.normal(
        server,
        'PodIdentity',
        `${outcome} EKS Pod Identity association for ServiceAccount ${names.server(server)}`,
      );
    }
  },
};
