import type { ClusterSettings } from '../config/types';
import type { ImageServer } from '../crd/types';
import { names } from './labels';

/** Where one server's objects live, as the operator, the server and the IAM policies must agree. */
export interface StorageLayout {
  readonly bucket: string;
  readonly region: string;
  /**
   * The server's `S3_PREFIX`: on the shared bucket `<serverPrefixRoot><namespace>/<serviceAccount>/`
   * followed by `spec.storage.prefix`; on the server's own bucket `spec.storage.prefix` alone.
   */
  readonly prefix: string;
  /** The bucket is the platform's shared images bucket, whose settings belong to infra. */
  readonly shared: boolean;
}

/**
 * Decides bucket, region and key prefix of a server. On the shared bucket the prefix starts with
 * the namespace and service account because the workload role grants exactly that prefix, read
 * from the EKS Pod Identity session tags `kubernetes-namespace` and `kubernetes-service-account`.
 * @example storageLayout(server, settings).prefix // 'servers/shop/catalog/originals-v2/'
 */
export function storageLayout(server: ImageServer, settings: ClusterSettings): StorageLayout {
  const { storage } = server.spec;
  const shared = settings.sharedBucket !== undefined && storage.bucket === settings.sharedBucket;
  const own = storage.prefix ?? '';
  return {
    bucket: storage.bucket,
    region: storage.region ?? settings.region,
    prefix: shared
      ? `${settings.serverPrefixRoot}${server.metadata.namespace}/${names.server(server)}/${own}`
      : own,
    shared,
  };
}
