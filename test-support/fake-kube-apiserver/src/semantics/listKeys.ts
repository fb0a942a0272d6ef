import { isObject } from './json';

/**
 * Lists merged item by item (by key) instead of replaced whole, in strategic merge patch and server-side
 * apply. The real server reads this from Go struct tags / OpenAPI (`x-kubernetes-list-map-keys`); here it is
 * a fixed table by field name, applied to every kind, CRDs included.
 */
const mapListKeys: Record<string, readonly string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  conditions: ['type'],
  ownerReferences: ['uid'],
  topologySpreadConstraints: ['topologyKey', 'whenUnsatisfiable'],
};

/** Lists of scalars treated as sets (`v:` entries in managedFields; union in strategic merge). */
const setLists = new Set(['finalizers']);

/**
 * The key fields of a list under `field`, or undefined when the list is atomic. Every item must be an
 * object carrying the keys; otherwise the list is treated as atomic, as the real server would reject it.
 */
export function mapListKeysOf(
  field: string | undefined,
  items: readonly unknown[],
): readonly string[] | undefined {
  if (field === undefined) return undefined;
  let keys = mapListKeys[field];
  if (field === 'ports') {
    // Container ports are keyed by containerPort, Service ports by port (protocol left out: see header).
    keys = items.some((i) => isObject(i) && 'containerPort' in i) ? ['containerPort'] : ['port'];
  }
  if (!keys) return undefined;
  const valid = items.every((i) => isObject(i) && keys.every((k) => i[k] !== undefined));
  return valid ? keys : undefined;
}

/** Whether the list under `field` is a set of scalars. */
export function isSetList(field: string | undefined, items: readonly unknown[]): boolean {
  return field !== undefined && setLists.has(field) && items.every((i) => !isObject(i) && !Array.isArray(i));
}

/** The key of one item, as used in `k:` path segments: the key fields in key order. */
export function itemKey(item: unknown, keys: readonly string[]): string {
  const obj = item as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(keys.map((k) => [k, obj[k]])));
}
