import type { LifecycleRule } from '@aws-sdk/client-s3';
import type { StorageSpec } from '../crd/types';

/** Folder, under the server's prefix, where the image server stores derived variants. */
export const VARIANTS_FOLDER = 'variants/';

/** Rule ids the operator owns for one ImageServer; other rules in the bucket are left alone. */
export function ruleIdPrefix(namespace: string, name: string): string {
  return `imageserver:${namespace}/${name}:`;
}

/**
 * The S3 lifecycle rules one ImageServer asks for, limited to its prefix (a bucket may be shared
 * by several servers, each with a prefix). Empty when the spec has no lifecycle settings.
 */
export function buildLifecycleRules(namespace: string, name: string, storage: StorageSpec): LifecycleRule[] {
  const lc = storage.lifecycle;
  if (!lc) return [];
  const id = ruleIdPrefix(namespace, name);
  const prefix = storage.prefix ?? '';
  const rules: LifecycleRule[] = [];
  const transitions: NonNullable<LifecycleRule['Transitions']> = [];
  if (lc.intelligentTiering) transitions.push({ Days: 0, StorageClass: 'INTELLIGENT_TIERING' });
  if (lc.transitionToInfrequentAccessDays) {
    transitions.push({ Days: lc.transitionToInfrequentAccessDays, StorageClass: 'STANDARD_IA' });
  }
  if (lc.transitionToGlacierInstantRetrievalDays) {
    transitions.push({ Days: lc.transitionToGlacierInstantRetrievalDays, StorageClass: 'GLACIER_IR' });
  }
  if (transitions.length) {
    rules.push({
      ID: `${id}transitions`,
      Status: 'Enabled',
      Filter: { Prefix: prefix },
      Transitions: transitions,
    });
  }
  if (lc.expireVariantsDays) {
    rules.push({
      ID: `${id}expire-variants`,
      Status: 'Enabled',
      Filter: { Prefix: `${prefix}${VARIANTS_FOLDER}` },
      Expiration: { Days: lc.expireVariantsDays },
    });
  }
  return rules;
}
