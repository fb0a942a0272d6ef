import sharp from 'sharp';
import { isRightAngle, rotatedSize, sharpRotation } from './rotation';

describe('rotation', () => {
  it('rewrites mirror-after-rotation into sharp mirror-first order, exactly in hundredths', () => {
    expect(sharpRotation(30, false, false)).toEqual({ angle: 30 });
    expect(sharpRotation(30, true, false)).toEqual({ angle: 330, mirror: 'flip' });
    expect(sharpRotation(359.99, false, true)).toEqual({ angle: 0.01, mirror: 'flop' });
    expect(sharpRotation(12.5, true, true)).toEqual({ angle: 192.5 });
    expect(sharpRotation(180, true, true)).toEqual({ angle: 0 });
    expect(sharpRotation(0, true, false)).toEqual({ angle: 0, mirror: 'flip' });
    expect([0, 90, 180, 270].every(isRightAngle)).toBe(true);
    expect([0.01, 45, 89.99, 270.5].some(isRightAngle)).toBe(false);
  });

  it('predicts the size libvips gives a turned image, to the pixel', async () => {
    // A deterministic spread of sizes and angles, including near-right and two-decimal ones.
    const angles = [0.01, 1, 12.5, 30, 45, 60, 89.99, 90.01, 100, 135, 181, 222.22, 269.5, 300, 359.99];
    const sizes = [
      [1, 1],
      [1, 9],
      [7, 3],
      [40, 20],
      [123, 45],
      [257, 301],
    ] as const;
    const got: string[] = [];
    const want: string[] = [];
    for (const angle of angles)
      for (const [width, height] of sizes) {
        const { info } = await sharp({ create: { width, height, channels: 3, background: '#808080' } })
          .rotate(angle, { background: '#ffffff00' })
          .raw()
          .toBuffer({ resolveWithObject: true });
        const predicted = rotatedSize(width, height, angle);
        got.push(`${width}×${height} r${angle}: ${predicted.width}×${predicted.height}`);
        want.push(`${width}×${height} r${angle}: ${info.width}×${info.height}`);
      }
    expect(got).toEqual(want);
    expect(rotatedSize(40, 20, 90)).toEqual({ width: 20, height: 40 });
    expect(rotatedSize(40, 20, 180)).toEqual({ width: 40, height: 20 });
  });
});
