import { encode } from 'blurhash';
import sharp from 'sharp';
import type { Tagger } from '../types';

/** BlurHash components along the longer side; 4×3 is the usual balance of detail and length. */
const BLURHASH_COMPONENTS = 4;

/**
 * A BlurHash placeholder for progressive loading and a 64-bit perceptual hash (DCT pHash) for
 * near-duplicate search.
 */
export function createHashesTagger(): Tagger {
  return {
    name: 'hashes',
    version: 1,
    async tag({ bytes }) {
      const [placeholder, phash] = await Promise.all([blurhashOf(bytes), perceptualHash(bytes)]);
      return { tags: [], analysis: { placeholder, phash } };
    },
  };
}

async function blurhashOf(bytes: Buffer): Promise<string> {
  const { data, info } = await sharp(bytes)
    .resize(32, 32, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const landscape = info.width >= info.height;
  const x = landscape
    ? BLURHASH_COMPONENTS
    : Math.max(1, Math.round((BLURHASH_COMPONENTS * info.width) / info.height));
  const y = landscape
    ? Math.max(1, Math.round((BLURHASH_COMPONENTS * info.height) / info.width))
    : BLURHASH_COMPONENTS;
  return encode(new Uint8ClampedArray(data), info.width, info.height, Math.min(x, 9), Math.min(y, 9));
}

/** Side of the greyscale thumbnail the DCT runs on, and of the low-frequency block kept from it. */
const DCT_SIZE = 32;
const HASH_SIZE = 8;

/** Cosine table for the 1-D DCT-II of DCT_SIZE points, computed once. */
const COSINES = Array.from({ length: HASH_SIZE }, (_, u) =>
  Float64Array.from({ length: DCT_SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * DCT_SIZE))),
);

/**
 * pHash: the 8×8 lowest frequencies of the DCT of a 32×32 greyscale thumbnail, one bit per
 * coefficient above their median; 16 hex digits. Low frequencies carry the picture's structure, so
 * resizing and recompression move few bits.
 */
export async function perceptualHash(bytes: Buffer): Promise<string> {
  const pixels = await sharp(bytes)
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(DCT_SIZE, DCT_SIZE, { fit: 'fill' })
    .raw()
    .toBuffer();
  // Separable DCT: rows first (only the HASH_SIZE lowest frequencies are needed), then columns.
  const rows = Array.from({ length: DCT_SIZE }, (_, y) =>
    COSINES.map((cos) => {
      let sum = 0;
      for (let x = 0; x < DCT_SIZE; x++) sum += pixels[y * DCT_SIZE + x]! * cos[x]!;
      return sum;
    }),
  );
  const coefficients: number[] = [];
  for (let v = 0; v < HASH_SIZE; v++) {
    for (let u = 0; u < HASH_SIZE; u++) {
      let sum = 0;
      for (let y = 0; y < DCT_SIZE; y++) sum += rows[y]![u]! * COSINES[v]![y]!;
      coefficients.push(sum);
    }
  }
  // The DC term is the mean brightness, not structure: leave it out of the median.
  const median = [...coefficients.slice(1)].sort((a, b) => a - b)[Math.floor((coefficients.length - 1) / 2)]!;
  let hash = 0n;
  for (const c of coefficients) hash = (hash << 1n) | (c > median ? 1n : 0n);
  return hash.toString(16).padStart(16, '0');
}
