import type { ImageServerSpec } from './types';

/**
 * The CRD's CEL rules (and the cross-field rules a schema cannot express), checked in TypeScript.
 * The API server enforces the CEL versions; the operator runs these too, at reconcile time and in
 * `render`, so a manifest applied to a cluster with an older CRD (or rendered without a cluster)
 * gets the same answer. Returns every problem at once, each prefixed with its field path.
 *
 * @param spec - the spec after defaulting
 * @param oldSpec - the spec previously reconciled, for immutability rules
 * @example validateSpec(server.spec) // => ['spec.autoscaling: minReplicas must not exceed maxReplicas']
 */
export function validateSpec(spec: ImageServerSpec, oldSpec?: { storage?: { bucket?: string } }): string[] {
  const problems: string[] = [];
  if (spec.replicas !== undefined && spec.autoscaling !== undefined) {
    problems.push('spec: set either replicas or autoscaling, not both');
  }
  const a = spec.autoscaling;
  if (a && (a.minReplicas ?? 2) > a.maxReplicas) {
    problems.push('spec.autoscaling: minReplicas must not exceed maxReplicas');
  }
  if (spec.tagging?.mode === 'queue' && !spec.cache) {
    problems.push('spec: tagging mode queue needs a cache: the queue lives in Redis');
  }
  const lc = spec.storage?.lifecycle;
  if (
    lc?.intelligentTiering &&
    (lc.transitionToInfrequentAccessDays || lc.transitionToGlacierInstantRetrievalDays)
  ) {
    problems.push('spec.storage: lifecycle: intelligentTiering excludes fixed transitions');
  }
  if (
    lc?.transitionToInfrequentAccessDays !== undefined &&
    lc.transitionToGlacierInstantRetrievalDays !== undefined &&
    lc.transitionToGlacierInstantRetrievalDays <= lc.transitionToInfrequentAccessDays
  ) {
    problems.push(
      'spec.storage: lifecycle: transitionToGlacierInstantRetrievalDays must be later than transitionToInfrequentAccessDays',
    );
  }
  const db = spec.database;
  if (db && (db.secretRef ? 1 : 0) + (db.managed ? 1 : 0) !== 1) {
    problems.push('spec.database: database: set exactly one of secretRef or managed: true');
  }
  if (oldSpec?.storage?.bucket !== undefined && spec.storage?.bucket !== oldSpec.storage.bucket) {
    problems.push('spec.storage.bucket: bucket is immutable');
  }
  return problems;
}
