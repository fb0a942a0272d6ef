import { isObject, jsonEqual, type JsonObject } from './json';
import { isSetList, itemKey, mapListKeysOf } from './listKeys';
import type { FieldsV1 } from '../types';

/**
 * Field paths as server-side apply sees them: segments `f:<field>`, `k:<json key of a list item>` and
 * `v:<json scalar in a set list>`, the same segment syntax as `managedFields[].fieldsV1`. A path is kept
 * JSON-encoded (`FieldPathKey`) so sets of them are plain `Set<string>`.
 */
export type FieldPathKey = string;

export function encodePath(segments: readonly string[]): FieldPathKey {
  return JSON.stringify(segments);
}

export function decodePath(key: FieldPathKey): string[] {
  return JSON.parse(key) as string[];
}

/** Every leaf of `value` with its value: scalars, atomic lists, empty objects, keyed-list item fields, set-list values. */
export function leafValues(value: unknown): Map<FieldPathKey, unknown> {
  const out = new Map<FieldPathKey, unknown>();
  collect(value, [], undefined, out);
  return out;
}

function collect(
  value: unknown,
  path: string[],
  field: string | undefined,
  out: Map<FieldPathKey, unknown>,
): void {
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0 && path.length > 0) out.set(encodePath(path), value);
    for (const [k, v] of entries) collect(v, [...path, `f:${k}`], k, out);
    return;
  }
  if (Array.isArray(value) && value.length > 0) {
    const keys = mapListKeysOf(field, value);
    if (keys) {
      for (const item of value) collect(item, [...path, `k:${itemKey(item, keys)}`], undefined, out);
      return;
    }
    if (isSetList(field, value)) {
      for (const item of value) out.set(encodePath([...path, `v:${JSON.stringify(item)}`]), item);
      return;
    }
  }
  out.set(encodePath(path), value);
}

/** The value at a path, or undefined when the path does not exist. */
export function valueAt(root: unknown, key: FieldPathKey): unknown {
  let node: unknown = root;
  for (const segment of decodePath(key)) {
    node = step(node, segment);
    if (node === undefined) return undefined;
  }
  return node;
}

function step(node: unknown, segment: string): unknown {
  const body = segment.slice(2);
  if (segment.startsWith('f:')) return isObject(node) ? node[body] : undefined;
  if (!Array.isArray(node)) return undefined;
  if (segment.startsWith('k:')) return node.find((item) => isObject(item) && matchesKey(item, body));
  const wanted = JSON.parse(body) as unknown;
  return node.some((v) => jsonEqual(v, wanted)) ? wanted : undefined;
}

function matchesKey(item: JsonObject, key: string): boolean {
  const fields = JSON.parse(key) as JsonObject;
  return Object.entries(fields).every(([k, v]) => jsonEqual(item[k], v));
}

/**
 * Removes the field at `key` from `root` (mutating it). Containers left empty by the removal go too, and
 * a keyed-list item that loses one of its key fields is removed whole.
 */
export function removeAt(root: JsonObject, key: FieldPathKey): void {
  removeFrom(root, decodePath(key));
}

function removeFrom(container: unknown, segments: string[]): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  const body = segment.slice(2);
  if (segment.startsWith('f:')) {
    if (!isObject(container) || !(body in container)) return;
    if (rest.length === 0) {
      delete container[body];
      return;
    }
    const child = container[body];
    removeFrom(child, rest);
    if (isEmpty(child)) delete container[body];
    return;
  }
  if (!Array.isArray(container)) return;
  if (segment.startsWith('v:')) {
    const wanted = JSON.parse(body) as unknown;
    const at = container.findIndex((v) => jsonEqual(v, wanted));
    if (at >= 0) container.splice(at, 1);
    return;
  }
  const at = container.findIndex((item) => isObject(item) && matchesKey(item, body));
  if (at < 0) return;
  const item = container[at] as JsonObject;
  removeFrom(item, rest);
  const keyFields = Object.keys(JSON.parse(body) as JsonObject);
  if (rest.length === 0 || isEmpty(item) || keyFields.some((k) => item[k] === undefined))
    container.splice(at, 1);
}

function isEmpty(value: unknown): boolean {
  return (isObject(value) && Object.keys(value).length === 0) || (Array.isArray(value) && value.length === 0);
}

/**
 * Merges an applied configuration into the live object the way apply does: maps field by field, keyed
 * lists item by item, set lists by union, everything else (scalars, atomic lists) replaced.
 */
export function mergeApplied(live: unknown, applied: unknown, field?: string): unknown {
  if (isObject(applied)) {
    const result: JsonObject = isObject(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) delete result[k];
      else result[k] = mergeApplied(result[k], v, k);
    }
    return result;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    if (isSetList(field, applied) && isSetList(field, live))
      return [...live, ...applied.filter((a) => !live.includes(a))];
    const keys = mapListKeysOf(field, applied);
    if (keys && mapListKeysOf(field, live)) {
      const result = [...live];
      for (const item of applied) {
        const at = result.findIndex((l) => itemKey(l, keys) === itemKey(item, keys));
        if (at >= 0) result[at] = mergeApplied(result[at], item);
        else result.push(structuredClone(item));
      }
      return result;
    }
  }
  return structuredClone(applied);
}

/** `.spec.template.spec.containers[name="web"].image` — how the real server names a field in conflicts. */
export function formatPath(key: FieldPathKey): string {
  return decodePath(key)
    .map((segment) => {
      const body = segment.slice(2);
      if (segment.startsWith('f:')) return `.${body}`;
      if (segment.startsWith('v:')) return `[=${body}]`;
      const fields = Object.entries(JSON.parse(body) as JsonObject).map(
        ([k, v]) => `${k}=${JSON.stringify(v)}`,
      );
      return `[${fields.join(',')}]`;
    })
    .join('');
}

/** Nested `fieldsV1` tree for a set of paths (keyed items get the `.` entry, as the real server writes). */
export function toFieldsV1(paths: Iterable<FieldPathKey>): FieldsV1 {
  const root: FieldsV1 = {};
  for (const key of paths) {
    let node = root;
    for (const segment of decodePath(key)) {
      node[segment] ??= {};
      node = node[segment];
      if (segment.startsWith('k:')) node['.'] ??= {};
    }
  }
  return root;
}

/** The set of leaf paths in a `fieldsV1` tree. */
export function fromFieldsV1(tree: FieldsV1 | undefined): Set<FieldPathKey> {
  const out = new Set<FieldPathKey>();
  const walk = (node: FieldsV1, path: string[]): void => {
    const children = Object.keys(node).filter((k) => k !== '.');
    if (children.length === 0 && path.length > 0) out.add(encodePath(path));
    for (const child of children) walk(node[child]!, [...path, child]);
  };
  walk(tree ?? {}, []);
  return out;
}
