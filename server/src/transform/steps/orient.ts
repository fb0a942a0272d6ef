import type { Step } from './types';

/** Applies the EXIF orientation, so that what a viewer saw upright stays upright once the tag is gone. */
export const orient: Step = (ctx) => {
  if (!ctx.preCropped) ctx.image = ctx.image.autoOrient();
};
