import { jsonEqual } from '../semantics';
import type { KubeObject, ManagedFieldsEntry } from '../types';

/**
 * Whether a write would store what is already stored. Like the real server, such a write is not
 * persisted (no new resourceVersion, no watch event); managedFields timestamps alone do not count.
 */
export function isNoOpWrite(current: KubeObject, next: KubeObject): boolean {
  return jsonEqual(comparable(current), comparable(next));
}

function comparable(object: KubeObject): unknown {
  const { resourceVersion: _rv, managedFields, ...meta } = object.metadata;
  const fields = (managedFields ?? []).map((e: ManagedFieldsEntry) => ({ ...e, time: undefined }));
  return { ...object, apiVersion: undefined, metadata: { ...meta, managedFields: fields } };
}
