import { buildChildren } from '../../resources/buildChildren';
import { applyOwned, FIELD_MANAGER } from '../applyOwned';
import type { Step } from '../types';

/** Applies every child the spec asks for, in order, and deletes owned children it no longer asks for. */
export const children: Step = {
  name: 'children',
  async run(ctx) {
    const { server, deps } = ctx;
    if (!ctx.credentials) throw new Error('children step needs credentials');
    const { desired, absent } = buildChildren(server, {
      settings: deps.config.cluster,
      credentials: ctx.credentials,
    });
    for (const obj of desired) await applyOwned(ctx, obj);
    for (const ref of absent) {
      const live = deps.cache.get(ref.apiVersion, ref.kind, server.metadata.namespace, ref.name);
      const ours = live?.metadata.ownerReferences?.some((o) => o.controller && o.uid === server.metadata.uid);
      if (!live || !ours) continue;
      await deps.kube.delete({ ...ref, namespace: server.metadata.namespace });
      ctx.changes.push(`deleted ${ref.kind} ${ref.name}`);
      await deps.events.normal(
        server,
        'Deleted',
        `Deleted ${ref.kind} ${ref.name} (${FIELD_MANAGER}: no longer in spec)`,
      );
    }
  },
};
