import type { Step } from './types';

/**
 * Encoder settings per format. Effort is set for a server that renders on request: AVIF at 2
 * (of 9) keeps encode time near WebP's; metadata is never copied, so no location can leak.
 */
export const encode: Step = (ctx) => {
  const { format, quality } = ctx.transform;
  switch (format) {
    case 'jpeg':
      ctx.image = ctx.image.jpeg({ quality, progressive: true });
      break;
    case 'png':
      ctx.image = ctx.image.png({ compressionLevel: 6 });
      break;
    case 'webp':
      ctx.image = ctx.image.webp({ quality, effort: 4 });
      break;
    case 'avif':
      ctx.image = ctx.image.avif({ quality, effort: 2 });
      break;
    case 'gif':
      ctx.image = ctx.image.gif();
      break;
  }
};
