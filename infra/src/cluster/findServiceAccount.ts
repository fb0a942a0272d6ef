import type { ServiceAccountRef } from './types';

/**
 * Finds the operator's service account in its manifest so that the Pod Identity association
 * names the account the operator really runs as. Falls back to `fallback` when the manifest
 * declares none (or none yet). Picks the account a Deployment runs as when there are several.
 */
export function findServiceAccount(
  objects: readonly Record<string, unknown>[],
  fallback: ServiceAccountRef,
): ServiceAccountRef {
  const meta = (o: Record<string, unknown>) => (o.metadata ?? {}) as { name?: string; namespace?: string };
  const accounts = objects.filter((o) => o.kind === 'ServiceAccount' && meta(o).name);
  if (accounts.length === 0) return fallback;
  const deployment = objects.find((o) => o.kind === 'Deployment');
  const spec = (deployment?.spec ?? {}) as { template?: { spec?: { serviceAccountName?: string } } };
  const used = spec.template?.spec?.serviceAccountName;
  const chosen = accounts.find((a) => meta(a).name === used) ?? accounts[0]!;
  return { name: meta(chosen).name!, namespace: meta(chosen).namespace ?? fallback.namespace };
}
