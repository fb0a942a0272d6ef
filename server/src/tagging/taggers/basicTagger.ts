import sharp from 'sharp';
import type { Tagger } from '../types';

/** Megapixel bounds of the size classes, smallest first; anything larger is `size:huge`. */
const SIZE_CLASSES = [
  ['size:tiny', 0.1],
  ['size:small', 1],
  ['size:medium', 4],
  ['size:large', 16],
] as const;

/** Aspect ratios this close to 1 count as square (cropping by a few pixels should not flip the tag). */
const SQUARE_TOLERANCE = 0.02;

/** Orientation, size class, animated, transparent: facts, so every confidence is 1. */
export function createBasicTagger(): Tagger {
  return {
    name: 'basic',
    version: 1,
    async tag({ image, bytes }) {
      const { width, height } = image;
      const names: string[] = [];
      const longer = Math.max(width, height);
      names.push(
        Math.abs(width - height) / longer <= SQUARE_TOLERANCE
          ? 'square'
          : width > height
            ? 'landscape'
            : 'portrait',
      );
      const megapixels = (width * height) / 1e6;
      names.push(SIZE_CLASSES.find(([, max]) => megapixels < max)?.[0] ?? 'size:huge');
      if (image.animated) names.push('animated');
      // An alpha channel is not transparency: only pixels that are not fully opaque are.
      if (image.hasAlpha && !(await sharp(bytes).stats()).isOpaque) names.push('transparent');
      return { tags: names.map((name) => ({ name, confidence: 1 })) };
    },
  };
}
