import {
  fromFieldsV1,
  leafValues,
  mergeApplied,
  removeAt,
  formatPath,
  toFieldsV1,
  valueAt,
  type FieldPathKey,
} from './fieldPaths';
import { isObject, jsonEqual, type JsonObject } from './json';
import type { KubeObject, ManagedFieldsEntry } from '../types';

/** Which part of an object a write may touch: the main resource or the `/status` subresource. */
export interface WriteScope {
  /** The kind has a status subresource (then main-resource writes do not own status). */
  hasStatus: boolean;
  subresource?: 'status';
}

/** Who writes, when, and through which API version (for the managedFields entry). */
export interface Writer {
  manager: string;
  apiVersion: string;
  time: string;
}

interface Ownership {
  manager: string;
  operation: 'Apply' | 'Update';
  subresource?: string;
  apiVersion: string;
  time: string;
  fields: Set<FieldPathKey>;
}

/** A field another manager owns with a different value than the apply asks for. */
export interface ApplyConflict {
  manager: string;
  field: string;
}

export type ApplyOutcome = { ok: true; object: KubeObject } | { ok: false; conflicts: ApplyConflict[] };

/**
 * The part of an object field ownership is tracked on: for the main resource, labels, annotations,
 * finalizers, ownerReferences and every top-level field but apiVersion/kind/metadata (and status when the
 * kind has a status subresource); for `/status`, only status.
 */
export function trackedPart(object: KubeObject | JsonObject, scope: WriteScope): JsonObject {
  if (scope.subresource === 'status') return object.status === undefined ? {} : { status: object.status };
  const { apiVersion: _a, kind: _k, metadata, ...rest } = object as JsonObject;
  if (scope.hasStatus) delete rest.status;
  const meta = isObject(metadata) ? metadata : {};
  const trackedMeta: JsonObject = {};
  for (const k of ['labels', 'annotations', 'finalizers', 'ownerReferences'])
    if (meta[k] !== undefined) trackedMeta[k] = meta[k];
  return Object.keys(trackedMeta).length ? { metadata: trackedMeta, ...rest } : rest;
}

/**
 * Server-side apply of `applied` by `writer.manager` onto `live` (undefined when creating). Fields the
 * manager applied before but left out now are removed unless another manager owns them; fields another
 * manager owns with a different value are conflicts unless `force`, which takes them over.
 */
export function serverSideApply(
  live: KubeObject,
  applied: KubeObject,
  writer: Writer,
  scope: WriteScope,
  force: boolean,
): ApplyOutcome {
  const owners = readOwnership(live);
  const subresource = scope.subresource;
  const isMine = (o: Ownership) =>
    o.manager === writer.manager && o.operation === 'Apply' && o.subresource === subresource;
  const appliedPart = trackedPart(applied, scope);
  const wanted = leafValues(appliedPart);
  const livePart = trackedPart(live, scope);

  const conflicts: ApplyConflict[] = [];
  const conflicting: [Ownership, FieldPathKey][] = [];
  for (const [path, value] of wanted) {
    for (const owner of owners) {
      if (owner.manager === writer.manager || !owner.fields.has(path)) continue;
      if (jsonEqual(valueAt(livePart, path), value)) continue;
      conflicts.push({ manager: owner.manager, field: formatPath(path) });
      conflicting.push([owner, path]);
    }
  }
  if (conflicts.length && !force) return { ok: false, conflicts };
  for (const [owner, path] of conflicting) owner.fields.delete(path);

  const result = structuredClone(live);
  const mine = owners.find(isMine);
  for (const path of mine?.fields ?? []) {
    if (wanted.has(path)) continue;
    if (owners.some((o) => o !== mine && o.fields.has(path))) continue;
    removeAt(result, path);
  }
  const merged = mergeApplied(result, appliedPart) as KubeObject;

  const next = owners.filter((o) => !isMine(o));
  next.push({
    manager: writer.manager,
    operation: 'Apply',
    ...(subresource ? { subresource } : {}),
    apiVersion: writer.apiVersion,
    time: writer.time,
    fields: new Set(wanted.keys()),
  });
  merged.metadata.managedFields = writeOwnership(next, merged, scope);
  return { ok: true, object: merged };
}

/**
 * Ownership after a non-apply write (create, update, patch): the writer takes every field it set or
 * changed, other managers lose those, and fields that no longer exist are dropped from everyone.
 */
export function recordUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  writer: Writer,
  scope: WriteScope,
): ManagedFieldsEntry[] {
  const owners = readOwnership(before);
  const old = before ? leafValues(trackedPart(before, scope)) : new Map<FieldPathKey, unknown>();
  const changed = [...leafValues(trackedPart(after, scope))]
    .filter(([p, v]) => !old.has(p) || !jsonEqual(old.get(p), v))
    .map(([p]) => p);
  if (changed.length === 0) return writeOwnership(owners, after, scope);
  for (const owner of owners) for (const p of changed) owner.fields.delete(p);
  const subresource = scope.subresource;
  let mine = owners.find(
    (o) => o.manager === writer.manager && o.operation === 'Update' && o.subresource === subresource,
  );
  if (!mine) {
    mine = {
      manager: writer.manager,
      operation: 'Update',
      ...(subresource ? { subresource } : {}),
      apiVersion: writer.apiVersion,
      time: writer.time,
      fields: new Set(),
    };
    owners.push(mine);
  }
  mine.time = writer.time;
  for (const p of changed) mine.fields.add(p);
  return writeOwnership(owners, after, scope);
}

function readOwnership(object: KubeObject | undefined): Ownership[] {
  return (object?.metadata.managedFields ?? []).map((e) => ({
    manager: e.manager,
    operation: e.operation,
    ...(e.subresource ? { subresource: e.subresource } : {}),
    apiVersion: e.apiVersion,
    time: e.time,
    fields: fromFieldsV1(e.fieldsV1),
  }));
}

/** Entries with fields that still exist in `object`; empty entries are dropped, as the real server does. */
function writeOwnership(owners: Ownership[], object: KubeObject, scope: WriteScope): ManagedFieldsEntry[] {
  const existing = new Set([
    ...leafValues(trackedPart(object, { hasStatus: scope.hasStatus })).keys(),
    ...leafValues(trackedPart(object, { hasStatus: scope.hasStatus, subresource: 'status' })).keys(),
  ]);
  return owners
    .map((o) => ({ ...o, fields: new Set([...o.fields].filter((p) => existing.has(p))) }))
    .filter((o) => o.fields.size > 0)
    .map((o) => ({
      manager: o.manager,
      operation: o.operation,
      apiVersion: o.apiVersion,
      time: o.time,
      fieldsType: 'FieldsV1' as const,
      fieldsV1: toFieldsV1(o.fields),
      ...(o.subresource ? { subresource: o.subresource } : {}),
    }));
}
