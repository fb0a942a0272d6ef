import type { StripMetadata } from '../config';

/**
 * Storage keys are derived from content hashes, so identical bytes share one object and no
 * user-controlled string ever becomes part of a key. Variants (transformations) live under a
 * per-source prefix so deleting an image can remove them in one call.
 */
function shard(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}`;
}

export const originalKey = (sha256: string): string => `originals/${shard(sha256)}`;
export const deliveryKey = (sha256: string, mode: StripMetadata): string =>
  `delivery/${mode}/${shard(sha256)}`;
export const variantPrefix = (sha256: string): string => `variants/${shard(sha256)}/`;
