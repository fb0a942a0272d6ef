import sharp from 'sharp';

/** Quadrant colours: 1 red (top left), 2 green (top right), 3 blue (bottom left), 4 white (bottom right). */
const COLOURS: Readonly<Record<number, readonly [number, number, number]>> = {
  1: [255, 0, 0],
  2: [0, 255, 0],
  3: [0, 0, 255],
  4: [255, 255, 255],
};

/** Raw RGB pixels of a width×height image split into four coloured quadrants. */
export function quadrantPixels(width: number, height: number): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      raw.set(COLOURS[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 1 : 2)]!, (y * width + x) * 3);
  return raw;
}

/** A lossless PNG of four quadrants, optionally with an EXIF orientation tag. */
export function quadrantPng(width: number, height: number, orientation?: number): Promise<Buffer> {
  const image = sharp(quadrantPixels(width, height), { raw: { width, height, channels: 3 } });
  return (orientation ? image.withMetadata({ orientation }) : image).png().toBuffer();
}

/**
 * The quadrant numbers seen at the four corners of an encoded image (TL, TR, BL, BR), each
 * sampled 2 pixels in so that lossy edges do not matter; 0 for a colour that is none of them.
 */
export async function corners(encoded: Buffer): Promise<number[]> {
  const { data, info } = await sharp(encoded).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    const bits = [data[i]!, data[i + 1]!, data[i + 2]!].map((v) => (v > 128 ? 1 : 0)).join('');
    return { '100': 1, '010': 2, '001': 3, '111': 4 }[bits] ?? 0;
  };
  const r = info.width - 3;
  const b = info.height - 3;
  return [at(2, 2), at(r, 2), at(2, b), at(r, b)];
}
