import type { ClusterSettings } from '../config/types';
import type { ImageServer } from '../crd/types';
import { storageLayout } from './storageLayout';

/**
 * The platform's bucket rules a spec breaks, each prefixed with its field; empty when it keeps
 * them. They follow what infra's IAM allows: the shared bucket's settings (lifecycle included)
 * belong to infra, and a server's own bucket must be named `<dedicatedBucketPrefix><namespace>.…`,
 * the only buckets the workload role opens to that namespace. The dot ends the namespace, which
 * cannot contain one; with a dash, namespace `shop` would also reach buckets of `shop-eu`.
 */
export function storagePlacementProblems(server: ImageServer, settings: ClusterSettings): string[] {
  const { storage } = server.spec;
  const layout = storageLayout(server, settings);
  const problems: string[] = [];
  if (layout.shared) {
    if (storage.lifecycle) {
      problems.push(
        'spec.storage.lifecycle: the shared bucket’s lifecycle is managed by the platform; lifecycle rules apply to a server’s own bucket only',
      );
    }
    if (storage.region && storage.region !== settings.region) {
      problems.push(`spec.storage.region: the shared bucket is in ${settings.region}`);
    }
    return problems;
  }
  const prefix = settings.dedicatedBucketPrefix;
  const wanted = `${prefix}${server.metadata.namespace}.`;
  if (prefix !== undefined && !storage.bucket.startsWith(wanted)) {
    problems.push(
      `spec.storage.bucket: a server’s own bucket must be named ${wanted}<name> (e.g. ${wanted}${server.metadata.name})` +
        (settings.sharedBucket ? `, or use the shared bucket ${settings.sharedBucket}` : ''),
    );
  }
  return problems;
}
