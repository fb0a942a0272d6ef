import type { Step } from './types';

/** Resizes to the box resolved by canonicalisation (never larger than the image). */
export const resize: Step = (ctx) => {
  const { width, height, fit, gravity, background } = ctx.transform;
  if (width === undefined && height === undefined) return;
  ctx.image = ctx.image.resize({
    width,
    height,
    fit,
    position: gravity === 'center' ? 'centre' : gravity,
    background: `#${background}`,
  });
};
