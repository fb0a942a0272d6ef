import { isObject } from './json';
import type { KubeObject } from '../types';

/** A parsed field selector: true when the object matches. */
export type FieldMatcher = (object: KubeObject) => boolean;

/**
 * Parses a field selector (`metadata.name=x,status.phase!=Running`). Like the real server, only
 * `metadata.name`, `metadata.namespace` and the kind's own selectable fields are accepted.
 * @throws Error naming the unsupported field or the malformed requirement
 */
export function parseFieldSelector(selector: string, selectable: readonly string[]): FieldMatcher {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...selectable]);
  const requirements = selector
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((text) => {
      const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(text);
      if (!m) throw new Error(`invalid selector: '${selector}'; can't understand '${text}'`);
      const [, field, op, value] = m as unknown as [string, string, string, string];
      if (!allowed.has(field)) throw new Error(`field label not supported: ${field}`);
      return (o: KubeObject) => (fieldValue(o, field) === value) !== (op === '!=');
    });
  return (o) => requirements.every((r) => r(o));
}

function fieldValue(object: KubeObject, path: string): string {
  let node: unknown = object;
  for (const part of path.split('.')) node = isObject(node) ? node[part] : undefined;
  return node === undefined || node === null ? '' : String(node);
}
