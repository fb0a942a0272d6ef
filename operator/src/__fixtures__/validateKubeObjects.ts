import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Validates objects against the upstream Kubernetes OpenAPI schemas (kubernetes-models), in one
 * child Node process. Returns one entry per object: undefined when valid, else the schema errors.
 */
export function validateKubeObjects(
  objects: readonly { apiVersion: string; kind: string }[],
): (string | undefined)[] {
  const run = spawnSync(process.execPath, [join(__dirname, 'kubeSchemaCheck.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`kubeSchemaCheck failed: ${run.stderr}`);
  return (JSON.parse(run.stdout) as (string | null)[]).map((r) => r ?? undefined);
}
