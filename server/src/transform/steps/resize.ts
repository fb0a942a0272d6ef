import { fillColour } from '../formats';
import type { Step } from './types';

/** Resizes to the box resolved by canonicalisation (never larger than the image). */
export const resize: Step = (ctx) => {
  const { width, height, fit, gravity, background, format } = ctx.transform;
  if (width === undefined && height === undefined) return;
  ctx.image = ctx.image.resize({
    width,
    height,
    fit,
    position: gravity === 'center' ? 'centre' : gravity,
    background: fillColour(background, format),
  });
};
