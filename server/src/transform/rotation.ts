/**
 * Rotation arithmetic shared by canonicalisation (output size) and the pipeline (what sharp is
 * asked for), so that the predicted size is computed from the very angle libvips receives.
 * Angles are clockwise degrees in [0, 360) with at most two decimals. Pure.
 */

/** Angles are kept in hundredths of a degree so that sums and negations stay exact. */
const FULL_TURN = 36000;

const hundredths = (angle: number) => Math.round(angle * 100);
const fromHundredths = (h: number) => (((h % FULL_TURN) + FULL_TURN) % FULL_TURN) / 100;

/** True for 0, 90, 180 and 270: turns libvips does by moving pixels, with no resampling or corners. */
export function isRightAngle(angle: number): boolean {
  return hundredths(angle) % 9000 === 0;
}

/**
 * What to ask sharp for to get "rotate by `rotate`, then flip/flop" as the URL means it. sharp
 * mirrors before it rotates, so the composition is rewritten: flip+flop is a half turn, and a
 * mirror M after a rotation R(r) equals M before R(−r) (M·R(r)·M = R(−r) for any reflection),
 * which holds for any angle. For free angles the result can sit up to a pixel away from two real
 * passes: libvips snaps the turned image onto the pixel grid, and the two orders round differently.
 */
export function sharpRotation(
  rotate: number,
  flip: boolean,
  flop: boolean,
): { angle: number; mirror?: 'flip' | 'flop' } {
  const r = hundredths(rotate);
  if (flip && flop) return { angle: fromHundredths(r + FULL_TURN / 2) };
  if (flip || flop) return { angle: fromHundredths(-r), mirror: flip ? 'flip' : 'flop' };
  return { angle: fromHundredths(r) };
}

/**
 * Size of a W×H image after sharp's `rotate(angle)`: quarter turns swap the sides; other angles
 * give the bounding box of the turned rectangle, rounded to the nearest pixel, computed as libvips
 * does (vips_similarity: the same degree-to-radian conversion, |cos|·W + |sin|·H), so it agrees
 * with the real output to the pixel.
 */
export function rotatedSize(width: number, height: number, angle: number): { width: number; height: number } {
  if (isRightAngle(angle))
    return angle === 90 || angle === 270 ? { width: height, height: width } : { width, height };
  const rad = (angle / 360) * 2 * Math.PI;
  const cos = Math.abs(Math.cos(rad));
  const sin = Math.abs(Math.sin(rad));
  return { width: Math.round(width * cos + height * sin), height: Math.round(width * sin + height * cos) };
}
