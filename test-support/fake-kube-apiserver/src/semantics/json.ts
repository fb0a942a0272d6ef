/** Plain JSON helpers shared by the pure semantics. */

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copy of `obj` without the listed top-level keys. */
export function omit(obj: JsonObject, keys: readonly string[]): JsonObject {
  const copy: JsonObject = { ...obj };
  for (const k of keys) delete copy[k];
  return copy;
}

/**
 * Structural equality of JSON values, ignoring key order and prototypes (node's `isDeepStrictEqual`
 * compares prototypes, which differ between realms, e.g. structuredClone output inside jest).
 * An own property set to `undefined` counts as absent, as it would after JSON serialization.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
