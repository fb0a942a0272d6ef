import { crossFieldProblems } from '@imageserver/image-server-spec';
import type { ImageServerSpec } from './types';

/**
 * The CRD's CEL rules (and the cross-field rules a schema cannot express), checked in TypeScript.
 * The API server enforces the CEL versions; the operator runs these too, at reconcile time and in
 * `render`, so a manifest applied to a cluster with an older CRD (or rendered without a cluster)
 * gets the same answer. Returns every problem at once, each prefixed with its field path.
 * The rules live in `@imageserver/image-server-spec`, shared with the portal plugins.
 *
 * @param spec - the spec after defaulting
 * @param oldSpec - the spec previously reconciled, for immutability rules
 * @example validateSpec(server.spec) // => ['spec.autoscaling: minReplicas must not exceed maxReplicas']
 */
export function validateSpec(spec: ImageServerSpec, oldSpec?: { storage?: { bucket?: string } }): string[] {
  return crossFieldProblems(spec, oldSpec);
}
