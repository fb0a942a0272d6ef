import { ensurePodIdentity } from '../../aws/podIdentity';
import { buildSessionPolicy } from '../../aws/sessionPolicy';
import { bucketArn } from '../../aws/bucketArn';
import { contentHash } from '../../hash';
import { names } from '../../resources/labels';
import type { Step } from '../types';

/** On EKS: the server's ServiceAccount gets the workload role, narrowed to its bucket prefix. */
export const podIdentity: Step = {
  name: 'podIdentity',
  async run(ctx) {
    const { server, deps } = ctx;
    const { eksClusterName, workloadRoleArn } = deps.config;
    if (!deps.eks || !eksClusterName || !workloadRoleArn) return;
    const storage = server.spec.storage;
    const region = storage.region ?? deps.config.cluster.region;
    const arn = bucketArn(storage.bucket, region);
    const distribution = server.spec.cdn?.distributionId;
    const partition = arn.split(':')[1];
    const account = workloadRoleArn.split(':')[4];
    const request = {
      clusterName: eksClusterName,
      namespace: server.metadata.namespace,
      serviceAccount: names.server(server),
      roleArn: workloadRoleArn,
      policy: buildSessionPolicy(
        arn,
        storage.prefix ?? '',
        distribution ? `arn:${partition}:cloudfront::${account}:distribution/${distribution}` : undefined,
      ),
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
