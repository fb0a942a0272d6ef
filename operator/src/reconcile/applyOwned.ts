import type { ImageServer } from '../crd/types';
import { OperatorError } from '../errors';
import { contentHash } from '../hash';
import { KubeApiError } from '../kube/KubeClient';
import { APPLIED_HASH_ANNOTATION } from '../resources/labels';
import type { KubeObject, OwnerReference } from '../resources/types';
import { withOwner } from '../resources/withOwner';
import { isSubset } from './semanticDiff';
import type { ReconcileContext } from './types';

export const FIELD_MANAGER = 'imageserver-operator';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/** Fields the API server or another controller fills in, kept from the live object on update. */
const PRESERVED: Record<string, string[][]> = {
  Service: [
    ['spec', 'clusterIP'],
    ['spec', 'clusterIPs'],
    ['spec', 'ipFamilies'],
    ['spec', 'ipFamilyPolicy'],
  ],
  // Absent from the desired Deployment exactly when an HPA owns it.
  Deployment: [['spec', 'replicas']],
};

/**
 * Creates or updates one child of `ctx.server` so that it says what `proposed` says, and writes
 * nothing when it already does. Reads come from the informer cache. Refuses objects controlled by
 * someone else. Keeps labels and annotations others added. Updates are conditional on the cached
 * resourceVersion, so a concurrent change gives a 409, which is requeued, never overwritten.
 * @throws {OperatorError} NOT_OWNED (terminal) or CONFLICT
 */
export async function applyOwned(ctx: ReconcileContext, proposed: KubeObject): Promise<ApplyOutcome> {
  const { kube, cache, events } = ctx.deps;
  const server = ctx.server;
  const owned = withOwner(proposed, server);
  const desired: KubeObject = {
    ...owned,
    metadata: {
      ...owned.metadata,
      annotations: { ...owned.metadata.annotations, [APPLIED_HASH_ANNOTATION]: contentHash(owned) },
    },
  };
  const ref = {
    apiVersion: desired.apiVersion,
    kind: desired.kind,
    namespace: server.metadata.namespace,
    name: desired.metadata.name,
  };
  const what = `${desired.kind} ${desired.metadata.name}`;

  const live = cache.get(ref.apiVersion, ref.kind, ref.namespace, ref.name);
  if (!live) {
    try {
      await kube.create(desired, FIELD_MANAGER);
      ctx.changes.push(`created ${what}`);
      await events.normal(server, 'Created', `Created ${what}`);
      return 'created';
    } catch (err) {
      if (!(err instanceof KubeApiError && err.statusCode === 409)) throw err;
      // Either the cache is behind, or the object exists without our label (so no informer sees it).
      const existing = await kube.find(ref);
      if (existing) assertControlledBy(existing, server, what);
      throw new OperatorError('CONFLICT', `${what} exists but is not in the cache yet`, false, {
        cause: err,
      });
    }
  }
  assertControlledBy(live, server, what);

  const { ownerReferences: _ours, ...desiredMeta } = desired.metadata;
  if (isSubset({ ...desired, metadata: desiredMeta }, live)) return 'unchanged';

  try {
    await kube.replace(mergeForUpdate(live, desired), FIELD_MANAGER);
  } catch (err) {
    if (err instanceof KubeApiError && err.statusCode === 409) {
      throw new OperatorError('CONFLICT', `${what} changed while being updated`, false, { cause: err });
    }
    throw err;
  }
  ctx.changes.push(`updated ${what}`);
  await events.normal(server, 'Updated', `Updated ${what}`);
  return 'updated';
}

function assertControlledBy(live: KubeObject, server: ImageServer, what: string): void {
  const controller = live.metadata.ownerReferences?.find((r) => r.controller);
  if (controller?.uid !== server.metadata.uid) {
    const by = controller
      ? `it is controlled by ${controller.kind} ${controller.name}`
      : 'it has no controller';
    throw new OperatorError(
      'NOT_OWNED',
      `${what} already exists and does not belong to this ImageServer (${by}); delete it or rename the ImageServer`,
      true,
    );
  }
}

/**
 * The object to PUT: desired content, live identity (resourceVersion makes it conditional),
 * labels/annotations/owner references others added, and the preserved fields of the kind.
 */
export function mergeForUpdate(live: KubeObject, desired: KubeObject): KubeObject {
  const { managedFields: _mf, ...liveMeta } = live.metadata as KubeObject['metadata'] & {
    managedFields?: unknown;
  };
  const ours = desired.metadata.ownerReferences ?? [];
  const theirs = (live.metadata.ownerReferences ?? []).filter(
    (r: OwnerReference) => !ours.some((o) => o.uid === r.uid),
  );
  const merged: KubeObject = {
    ...desired,
    metadata: {
      ...liveMeta,
      name: desired.metadata.name,
      namespace: desired.metadata.namespace,
      labels: { ...live.metadata.labels, ...desired.metadata.labels },
      annotations: { ...live.metadata.annotations, ...desired.metadata.annotations },
      ownerReferences: [...ours, ...theirs],
    },
  };
  for (const path of PRESERVED[desired.kind] ?? []) {
    const liveValue = getPath(live, path);
    if (liveValue !== undefined && getPath(merged, path) === undefined) setPath(merged, path, liveValue);
  }
  return merged;
}

function getPath(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
    obj,
  );
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    o[k] = { ...((o[k] as Record<string, unknown>) ?? {}) };
    o = o[k] as Record<string, unknown>;
  }
  o[path[path.length - 1]!] = value;
}
