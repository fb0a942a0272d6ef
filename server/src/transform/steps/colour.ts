import { SUPPORTS_ALPHA } from '../formats';
import type { Step } from './types';

/**
 * Output is 8-bit sRGB whatever came in (CMYK, wide gamut with an ICC profile, 16-bit): sharp
 * converts through the embedded profile and strips it with the rest of the metadata. Formats
 * without alpha get the image flattened onto the background instead of a black backdrop.
 */
export const colour: Step = (ctx) => {
  const { format, background } = ctx.transform;
  if (!SUPPORTS_ALPHA.has(format))
    ctx.image = ctx.image.flatten({ background: `#${background.slice(0, 6)}` });
  ctx.image = ctx.image.toColourspace('srgb');
};
