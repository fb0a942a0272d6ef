import { FINALIZER } from '../../resources/labels';
import { FIELD_MANAGER } from '../applyOwned';
import type { Step } from '../types';

/** Adds the finalizer before anything is created outside the cluster, so deletion can clean up. */
export const ensureFinalizer: Step = {
  name: 'finalizer',
  async run(ctx) {
    const { server, deps } = ctx;
    const finalizers = server.metadata.finalizers ?? [];
    if (finalizers.includes(FINALIZER)) return;
    await deps.kube.mergePatch(
      {
        apiVersion: server.apiVersion,
        kind: server.kind,
        namespace: server.metadata.namespace,
        name: server.metadata.name,
      },
      {
        metadata: {
          finalizers: [...finalizers, FINALIZER],
          resourceVersion: server.metadata.resourceVersion,
        },
      },
      FIELD_MANAGER,
    );
    ctx.changes.push('added finalizer');
    // The patch bumps resourceVersion; the watch event brings the fresh object and a new reconcile.
    return { stop: true };
  },
};
