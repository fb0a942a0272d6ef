import type { Step } from './types';

/**
 * Rotation, then flip (top-bottom) and flop (left-right), as the URL means them. sharp mirrors
 * before it rotates, so the composition is rewritten: flip+flop is a half turn, and a mirror
 * after a rotation by r equals the same mirror before a rotation by −r.
 */
export const rotateAndMirror: Step = (ctx) => {
  const { flip, flop } = ctx.transform;
  let rotate: number = ctx.transform.rotate;
  let mirror: 'flip' | 'flop' | undefined;
  if (flip && flop) rotate = (rotate + 180) % 360;
  else if (flip || flop) {
    mirror = flip ? 'flip' : 'flop';
    rotate = (360 - rotate) % 360;
  }
  if (mirror === 'flip') ctx.image = ctx.image.flip();
  if (mirror === 'flop') ctx.image = ctx.image.flop();
  if (rotate) ctx.image = ctx.image.rotate(rotate);
};
