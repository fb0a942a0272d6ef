import { jsonEqual, omit } from './json';
import type { KubeObject } from '../types';

/**
 * Whether a write changes the object's spec, i.e. whether `metadata.generation` must go up. Like the real
 * server: everything but metadata counts, and status does not count when the kind has a status
 * subresource. Setting `deletionTimestamp` also bumps generation, as the real registry does.
 */
export function specChanged(before: KubeObject, after: KubeObject, hasStatus: boolean): boolean {
  const ignored = hasStatus ? ['metadata', 'status'] : ['metadata'];
  if (!jsonEqual(omit(before, ignored), omit(after, ignored))) return true;
  return !before.metadata.deletionTimestamp && !!after.metadata.deletionTimestamp;
}
