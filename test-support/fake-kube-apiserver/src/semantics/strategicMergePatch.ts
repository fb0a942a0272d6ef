import { isObject } from './json';
import { isSetList, itemKey, mapListKeysOf } from './listKeys';

/**
 * An approximation of strategic merge patch: a JSON merge patch, except that lists in the
 * {@link mapListKeysOf} table merge item by item by their key (`$patch: delete` in an item removes it,
 * `$patch: replace` in an item replaces it), and set lists (`finalizers`) take the union. Other directives
 * (`$setElementOrder`, `$retainKeys`, `$deleteFromPrimitiveList`, `$patch: replace` on maps) are not
 * understood and are dropped.
 */
export function strategicMergePatch(target: unknown, patch: unknown, field?: string): unknown {
  if (Array.isArray(patch)) return mergeList(target, patch, field);
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else result[key] = strategicMergePatch(result[key], value, key);
  }
  return result;
}

function mergeList(target: unknown, patch: unknown[], field: string | undefined): unknown[] {
  const live = Array.isArray(target) ? target : [];
  if (isSetList(field, patch) && isSetList(field, live)) {
    return [...live, ...patch.filter((p) => !live.includes(p))];
  }
  const cleaned = patch.map((item) => (isObject(item) ? withoutDirectives(item) : item));
  const keys = mapListKeysOf(field, cleaned);
  if (!keys || !mapListKeysOf(field, live)) return structuredClone(cleaned);
  const result = [...live];
  patch.forEach((item, i) => {
    const patchItem = item as Record<string, unknown>;
    const key = itemKey(patchItem, keys);
    const at = result.findIndex((l) => itemKey(l, keys) === key);
    if (patchItem.$patch === 'delete') {
      if (at >= 0) result.splice(at, 1);
    } else if (at < 0 || patchItem.$patch === 'replace') {
      const value = structuredClone(cleaned[i]);
      if (at < 0) result.push(value);
      else result[at] = value;
    } else {
      result[at] = strategicMergePatch(result[at], patchItem);
    }
  });
  return result;
}

function withoutDirectives(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !k.startsWith('$')));
}
