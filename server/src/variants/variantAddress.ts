import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { variantPrefix } from '../services/blobKeys';
import type { OutputFormat } from '../transform';
import type { VariantAddress } from './types';

/** Bumped whenever the pipeline's output changes for the same options (steps, encoder settings). */
const PIPELINE_VERSION = 2; // 2: white letterbox bars in formats without alpha; still output for turned or flipped animations

/** Identifies the encoder: a libvips or sharp upgrade renders new variants instead of mixing old and new. */
export const ENCODER_VERSION = `p${PIPELINE_VERSION}-sharp${sharp.versions.sharp}-vips${sharp.versions.vips}`;

const EXTENSIONS: Readonly<Record<OutputFormat, string>> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
};

/**
 * Where a variant lives, derived only from the source hash, the canonical options and the encoder
 * version: every replica computes the same address, so the fleet renders each variant once, and
 * the blob key sits under the source's {@link variantPrefix} so deleting the image removes it. Pure.
 */
export function variantAddress(
  sourceSha256: string,
  canonical: string,
  format: OutputFormat,
  encoder: string = ENCODER_VERSION,
): VariantAddress {
  const id = createHash('sha256')
    .update(`${sourceSha256}\n${canonical}\n${encoder}`)
    .digest('hex')
    .slice(0, 40);
  return {
    sourceSha256,
    id,
    storageKey: `${variantPrefix(sourceSha256)}${id}.${EXTENSIONS[format]}`,
    etag: `"v-${id}"`,
  };
}
