import type { Step } from './types';

/** Extracts the requested rectangle of the oriented image (before any resize). */
export const crop: Step = (ctx) => {
  const { crop } = ctx.transform;
  if (crop && !ctx.preCropped) ctx.image = ctx.image.extract(crop);
};
