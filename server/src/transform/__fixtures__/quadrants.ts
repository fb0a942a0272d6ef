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

/** Decodes an image and returns a reader of the quadrant number at a pixel; 0 for a colour that is none of them. */
async function quadrantReader(encoded: Buffer) {
  const { data, info } = await sharp(encoded).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    const bits = [data[i]!, data[i + 1]!, data[i + 2]!].map((v) => (v > 128 ? 1 : 0)).join('');
    return { '100': 1, '010': 2, '001': 3, '111': 4 }[bits] ?? 0;
  };
  return { at, width: info.width, height: info.height };
}

/**
 * The quadrant numbers seen at the four corners of an encoded image (TL, TR, BL, BR), each
 * sampled 2 pixels in so that lossy edges do not matter.
 */
export async function corners(encoded: Buffer): Promise<number[]> {
  const { at, width, height } = await quadrantReader(encoded);
  const r = width - 3;
  const b = height - 3;
  return [at(2, 2), at(r, 2), at(2, b), at(r, b)];
}

/**
 * The quadrant numbers seen a quarter of the way in from the middle of each side (N, E, S, W):
 * where a square of quadrants turned by 45° shows them.
 */
export async function sides(encoded: Buffer): Promise<number[]> {
  const { at, width, height } = await quadrantReader(encoded);
  const [x, y] = [Math.floor(width / 2), Math.floor(height / 2)];
  const [dx, dy] = [Math.floor(width / 4), Math.floor(height / 4)];
  return [at(x, y - dy), at(x + dx, y), at(x, y + dy), at(x - dx, y)];
}
