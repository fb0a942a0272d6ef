import { fillColour } from '../formats';
import { sharpRotation } from '../rotation';
import type { Step } from './types';

/**
 * Rotation, then flip (top-bottom) and flop (left-right), as the URL means them (see
 * {@link sharpRotation} for the rewrite that sharp's fixed mirror-first order needs). Angles other
 * than quarter turns enlarge the canvas and fill its corners with the background; sharp ignores it
 * for quarter turns.
 */
export const rotateAndMirror: Step = (ctx) => {
  const { rotate, flip, flop, background, format } = ctx.transform;
  const { angle, mirror } = sharpRotation(rotate, flip, flop);
  if (mirror === 'flip') ctx.image = ctx.image.flip();
  if (mirror === 'flop') ctx.image = ctx.image.flop();
  if (angle !== 0) ctx.image = ctx.image.rotate(angle, { background: fillColour(background, format) });
};
