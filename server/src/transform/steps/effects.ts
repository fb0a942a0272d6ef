import type { Step } from './types';

/** Blur and sharpen, on the resized image so that their sigma means output pixels. */
export const effects: Step = (ctx) => {
  const { blur, sharpen } = ctx.transform;
  if (blur !== undefined) ctx.image = ctx.image.blur(blur);
  if (sharpen !== undefined) ctx.image = ctx.image.sharpen({ sigma: sharpen });
};
