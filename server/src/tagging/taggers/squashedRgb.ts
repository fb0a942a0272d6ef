import sharp from 'sharp';

/**
 * The pixels a square-input vision model expects: flattened onto white, stretched (not cropped)
 * to size×size, 8-bit RGB, row-major.
 */
export async function squashedRgb(bytes: Buffer, size: number): Promise<Uint8Array> {
  const pixels = await sharp(bytes)
    .flatten({ background: '#ffffff' })
    .resize(size, size, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  return new Uint8Array(pixels);
}
