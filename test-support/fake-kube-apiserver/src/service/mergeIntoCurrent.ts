import type { KubeObject, ResourceType } from '../types';
import type { Subresource } from './types';

/**
 * The object a write leads to. Server-owned metadata always comes from the current object; status comes
 * only through `/status` (when the kind has that subresource), and `/status` changes nothing but status.
 */
export function mergeIntoCurrent(
  type: ResourceType,
  current: KubeObject,
  incoming: KubeObject,
  subresource: Subresource,
): KubeObject {
  if (subresource === 'status') {
    const next = structuredClone(current);
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
    return next;
  }
  const next = structuredClone(incoming);
  for (const k of [
    'uid',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'generation',
    'managedFields',
    'resourceVersion',
  ] as const) {
    if (current.metadata[k] === undefined) delete next.metadata[k];
    else next.metadata[k] = structuredClone(current.metadata[k]) as never;
  }
  if (type.hasStatus) {
    if (current.status === undefined) delete next.status;
    else next.status = structuredClone(current.status);
  }
  return next;
}
