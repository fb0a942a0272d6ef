import type { ImageServer, ImageServerStatus } from '../crd/types';
import { stableStringify } from '../hash';
import { FIELD_MANAGER } from './applyOwned';
import { type ConditionUpdate, setCondition } from './conditions';
import type { ReconcileDeps } from './types';

/**
 * The status after this reconcile: the previous one with the decided fields and conditions
 * applied. Pure; `lastTransitionTime` only moves when a condition's status changes.
 */
export function nextStatus(
  server: ImageServer,
  decided: Partial<ImageServerStatus>,
  conditions: Iterable<ConditionUpdate>,
  now: Date,
): ImageServerStatus {
  const prev = server.status ?? {};
  let merged = prev.conditions ?? [];
  for (const update of conditions) merged = setCondition(merged, update, server.metadata.generation, now);
  const next: ImageServerStatus = {
    ...prev,
    ...decided,
    observedGeneration: server.metadata.generation,
    conditions: merged,
  };
  if (!server.spec.database.managed) delete next.databaseName;
  return next;
}

/**
 * Writes `next` to the status subresource unless it equals the current status (then no request).
 * A JSON merge patch without resourceVersion: status belongs to the operator alone and is
 * computed from the latest cache, so last-writer-wins is right and a 409 cannot happen.
 * @returns whether a write was made
 */
export async function patchStatus(
  deps: ReconcileDeps,
  server: ImageServer,
  next: ImageServerStatus,
): Promise<boolean> {
  if (stableStringify(server.status ?? {}) === stableStringify(next)) return false;
  const patch: Record<string, unknown> = { ...next };
  for (const key of Object.keys(server.status ?? {})) if (!(key in next)) patch[key] = null;
  await deps.kube.mergePatch(
    {
      apiVersion: server.apiVersion,
      kind: server.kind,
      namespace: server.metadata.namespace,
      name: server.metadata.name,
    },
    { status: patch },
    FIELD_MANAGER,
    'status',
  );
  return true;
}
