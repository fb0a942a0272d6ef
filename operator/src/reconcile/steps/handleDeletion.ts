import { deleteBucket, emptyPrefix } from '../../aws/deleteBucket';
import { deletePodIdentity } from '../../aws/podIdentity';
import { managedDatabaseName } from '../../database/managedNames';
import { FINALIZER, names } from '../../resources/labels';
import { storageLayout } from '../../resources/storageLayout';
import { FIELD_MANAGER } from '../applyOwned';
import type { Step } from '../types';

/**
 * When the ImageServer is being deleted: apply its deletion policy, then drop the finalizer so
 * that Kubernetes deletes it (and, through owner references, every child).
 * Retain keeps bucket and database. Delete empties and deletes a bucket the operator created,
 * or only this server's prefix of an adopted bucket or of the platform's shared bucket (never the
 * shared bucket itself), and drops the managed database.
 */
export const handleDeletion: Step = {
  name: 'deletion',
  async run(ctx) {
    const { server, deps } = ctx;
    if (!server.metadata.deletionTimestamp) return;
    const finalizers = server.metadata.finalizers ?? [];
    if (!finalizers.includes(FINALIZER)) return { stop: true };
    const { namespace, name } = server.metadata;
    const storage = server.spec.storage;
    if (storage.deletionPolicy === 'Delete') {
      const layout = storageLayout(server, deps.config.cluster);
      const s3 = deps.s3(layout.region);
      if (server.status?.bucket?.created && !layout.shared) {
        await deleteBucket(s3, layout.bucket);
        ctx.changes.push(`deleted bucket ${layout.bucket}`);
      } else {
        const count = await emptyPrefix(s3, layout.bucket, layout.prefix);
        ctx.changes.push(`deleted ${count} objects under ${layout.bucket}/${layout.prefix}`);
      }
      if (server.spec.database.managed && deps.databases) {
        await deps.databases.drop(managedDatabaseName(namespace, name));
        ctx.changes.push('dropped managed database');
      }
    }
    if (deps.eks && deps.config.eksClusterName) {
      if (await deletePodIdentity(deps.eks, deps.config.eksClusterName, namespace, names.server(server))) {
        ctx.changes.push('deleted pod identity association');
      }
    }
    // The resourceVersion makes the patch conditional: a concurrent change gives 409 and a requeue.
    await deps.kube.mergePatch(
      { apiVersion: server.apiVersion, kind: server.kind, namespace, name },
      {
        metadata: {
          finalizers: finalizers.filter((f) => f !== FINALIZER),
          resourceVersion: server.metadata.resourceVersion,
        },
      },
      FIELD_MANAGER,
    );
    await deps.events.normal(
      server,
      'Finalized',
      `deletionPolicy ${storage.deletionPolicy ?? 'Retain'}: ${ctx.changes.length ? ctx.changes.join(', ') : 'bucket and database kept'}`,
    );
    return { stop: true };
  },
};
