import { existsSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { OperatorManifest } from './types';

/**
 * Reads the operator's generated `install.yaml` (a multi-document YAML stream).
 * Returns `undefined` when the file does not exist yet, so that the cluster can be built before
 * the operator lands; empty documents (a trailing `---`) are dropped.
 * @throws {Error} when the file exists but is not valid YAML or holds something other than objects
 *   with `apiVersion` and `kind`: installing half a manifest would leave the cluster inconsistent.
 */
export function readOperatorManifest(file: string): OperatorManifest | undefined {
  if (!existsSync(file)) return undefined;
  const objects: Record<string, unknown>[] = [];
  for (const [index, doc] of parseAllDocuments(readFileSync(file, 'utf8')).entries()) {
    if (doc.errors.length)
      throw new Error(`${file}: document ${index + 1} is not valid YAML: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (value == null) continue;
    if (typeof value !== 'object' || Array.isArray(value) || !('apiVersion' in value) || !('kind' in value)) {
      throw new Error(`${file}: document ${index + 1} is not a Kubernetes object (no apiVersion/kind)`);
    }
    objects.push(value as Record<string, unknown>);
  }
  return { file, objects };
}
