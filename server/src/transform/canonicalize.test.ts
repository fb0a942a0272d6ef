import { isAppError } from '../errors';
import { canonicalize, canonicalString } from './canonicalize';
import { parseTransform } from './parseTransform';
import type { SourceInfo } from './types';

const limits = { maxDimension: 4096, maxFrames: 100, maxPixels: 50_000_000 };
const photo: SourceInfo = {
  format: 'jpeg',
  width: 1200,
  height: 800,
  orientation: null,
  hasAlpha: false,
  animated: false,
  frames: 1,
};
const CHROME = 'image/avif,image/webp,image/apng,*/*;q=0.8';

function key(segment: string, source: SourceInfo = photo, accept?: string): string {
  const { request } = parseTransform(segment, {}, limits);
  return canonicalString(canonicalize(request, source, accept, limits).transform);
}

describe('canonicalize', () => {
  it('gives equivalent URLs one canonical form', () => {
    const groups = [
      [
        'w_600',
        'width_600,fit_cover',
        'w_300,dpr_2',
        'w_600,g_north',
        'w_600,f_jpeg',
        'w_600,q_80',
        'w_600,h_400,fit_inside',
      ],
      ['f_webp,w_600,h_300', 'h_300,w_600,f_webp,fit_cover,g_center', 'w_600,h_300,f_webp,q_80,bg_ffffff00'],
      ['f_png', 'f_png,q_30', 'w_1200,f_png', 'w_4000,h_4000,fit_inside,f_png'],
      ['r_0', 'r_360', 'r_-720', 'r_0.004', 'w_1200', 'flip_0', 'c_0-0-1200-800', 'blur_0'],
      ['r_-90', 'r_270', 'r_630', 'rotate_-450', 'r_270,bg_000'],
      ['r_45', 'r_405', 'r_-315', 'r_45.00', 'r_45.004', 'r_45,bg_ffffff00'],
    ];
    for (const group of groups) {
      const keys = new Set(group.map((segment) => key(segment)));
      expect([group, [...keys]]).toEqual([group, [key(group[0]!)]]);
    }
    expect(key('w_600')).toBe('w_600,f_jpeg');
    expect(key('f_webp,w_600,h_300')).toBe('w_600,h_300,f_webp');
    expect(key('f_png')).toBe('f_png');
    expect(key('r_-90')).toBe('r_270,f_jpeg');
    expect(key('r_-12.5,w_600')).toBe('r_347.5,w_600,f_jpeg');
  });

  it('keeps what changes the output', () => {
    const distinct = [
      'w_600',
      'w_601',
      'w_600,q_81',
      'w_600,h_300',
      'w_600,h_300,g_attention',
      'w_600,h_300,fit_fill',
      'flip',
      'flop',
      'r_90',
      'r_45',
      'r_46',
      'r_45.5',
      'r_45,flip',
      'r_45,bg_000',
      'blur_1',
      'sharpen_1',
      'f_webp',
    ];
    expect(new Set(distinct.map((s) => key(s))).size).toBe(distinct.length);
  });

  it('never enlarges: oversize boxes shrink to the image, keeping their aspect ratio', () => {
    const { request } = parseTransform('w_2400,h_800', {}, limits);
    const result = canonicalize(request, photo, undefined, limits);
    expect(result.output).toEqual({ width: 1200, height: 400 });
    expect(canonicalString(result.transform)).toBe('w_1200,h_400,f_jpeg');
  });

  it('computes the output size for every fit', () => {
    const out = (segment: string) =>
      canonicalize(parseTransform(segment, {}, limits).request, photo, undefined, limits).output;
    expect(out('w_600')).toEqual({ width: 600, height: 400 });
    expect(out('h_200')).toEqual({ width: 300, height: 200 });
    expect(out('w_600,h_600,fit_inside')).toEqual({ width: 600, height: 400 });
    expect(out('w_600,h_600,fit_outside')).toEqual({ width: 900, height: 600 });
    expect(out('w_600,h_600,fit_cover')).toEqual({ width: 600, height: 600 });
    expect(out('w_600,h_600,fit_contain')).toEqual({ width: 600, height: 600 });
    expect(out('w_600,h_600,fit_fill')).toEqual({ width: 600, height: 600 });
    expect(out('r_90,w_400')).toEqual({ width: 400, height: 600 });
    expect(out('c_100-100-300-200')).toEqual({ width: 300, height: 200 });
  });

  it('sizes free rotations as the turned bounding box, before the resize', () => {
    const out = (segment: string) =>
      canonicalize(parseTransform(segment, {}, limits).request, photo, undefined, limits).output;
    // 1200·cos 30° + 800·sin 30° = 1439.2, 1200·sin 30° + 800·cos 30° = 1292.8.
    expect(out('r_30')).toEqual({ width: 1439, height: 1293 });
    expect(out('r_-30,flip')).toEqual({ width: 1439, height: 1293 });
    expect(out('r_210,flip,flop')).toEqual({ width: 1439, height: 1293 });
    expect(out('r_45')).toEqual({ width: 1414, height: 1414 });
    expect(out('r_90.01')).toEqual({ width: 800, height: 1200 });
    expect(out('r_30,w_720')).toEqual({ width: 720, height: 647 });
    expect(out('r_30,w_4000,h_4000,fit_inside')).toEqual({ width: 1439, height: 1293 });
    expect(out('c_100-100-300-200,r_45')).toEqual({ width: 354, height: 354 });
  });

  it('applies EXIF orientation before crop and sizes', () => {
    const portrait = { ...photo, orientation: 6 };
    expect(
      canonicalize(parseTransform('w_400', {}, limits).request, portrait, undefined, limits).output,
    ).toEqual({
      width: 400,
      height: 600,
    });
    expect(() =>
      canonicalize(parseTransform('c_0-0-1000-10', {}, limits).request, portrait, undefined, limits),
    ).toThrow('The crop 0-0-1000-10 does not fit in the 800×1200 image.');
  });

  it('negotiates f_auto and says so, sharing the entry with the explicit format', () => {
    const { request } = parseTransform('w_600,f_auto', {}, limits);
    const negotiated = canonicalize(request, photo, CHROME, limits);
    expect(negotiated.negotiated).toBe(true);
    expect(canonicalString(negotiated.transform)).toBe(key('w_600,f_avif'));
    expect(canonicalize(parseTransform('f_avif', {}, limits).request, photo, CHROME, limits).negotiated).toBe(
      false,
    );
  });

  it('refuses a free rotation whose turned canvas outgrows the pixel limit, naming rotate', () => {
    // 1200×800 = 960,000 pixels; turned by 45° the canvas is 1414×1414 = 1,999,396.
    const tight = { ...limits, maxPixels: 1_500_000 };
    const turn = (segment: string) =>
      canonicalize(parseTransform(segment, {}, tight).request, photo, undefined, tight);
    expect(turn('r_90').output).toEqual({ width: 800, height: 1200 });
    expect(turn('r_5').output).toEqual({ width: 1265, height: 902 });
    for (const segment of ['r_45', 'r_45,w_100']) {
      const err = (() => {
        try {
          return turn(segment);
        } catch (e) {
          return e;
        }
      })();
      expect(isAppError(err, 'INVALID_TRANSFORM')).toBe(true);
      expect((err as { extensions: { option: string } }).extensions.option).toBe('rotate');
      expect((err as Error).message).toContain('1414×1414');
    }
  });

  it('refuses sizes over the limit after dpr, naming the option', () => {
    try {
      canonicalize(parseTransform('w_3000,dpr_2', {}, limits).request, photo, undefined, limits);
      throw new Error('not refused');
    } catch (err) {
      expect(isAppError(err, 'INVALID_TRANSFORM')).toBe(true);
      expect((err as Error).message).toBe(
        'Expected at most 4096 pixels after dpr 2 for width but received "3000 × 2 = 6000".',
      );
    }
  });

  it('keeps animations within the frame limit, and renders them still where libvips cannot animate', () => {
    const gif: SourceInfo = { ...photo, format: 'gif', animated: true, frames: 150 };
    expect(key('w_100', gif)).toBe('w_100,f_gif,frames_100');
    expect(key('w_100,f_auto', gif, CHROME)).toBe('w_100,f_webp,frames_100');
    expect(key('w_100,f_jpeg', gif)).toBe('w_100,f_jpeg');
    expect(key('w_100,r_90', gif)).toBe('r_90,w_100,f_gif');
    // libvips turns and flips the frames as one strip (reversing their order): those go still too.
    expect(key('w_100,r_45', gif)).toBe('r_45,w_100,f_gif');
    expect(key('r_180', gif)).toBe('r_180,f_gif');
    expect(key('flip', gif)).toBe('flip,f_gif');
    expect(key('flop', gif)).toBe('flop,f_gif,frames_100');
    expect(key('c_0-0-100-100,flop', gif)).toBe('crop_0-0-100-100,flop,f_gif');
    expect(key('w_100,h_100,g_attention', gif)).toBe('w_100,h_100,f_gif,frames_100');
  });

  it('keeps the background only where it shows', () => {
    const logo = { ...photo, format: 'png', hasAlpha: true };
    expect(key('bg_000', logo)).toBe('f_png');
    expect(key('bg_000,f_jpeg', logo)).toBe('bg_000000ff,f_jpeg');
    expect(key('bg_000,w_100,h_100,fit_contain')).toBe('w_100,h_100,fit_contain,bg_000000ff,f_jpeg');
    // Free rotations fill the corners with it; quarter turns have no corners.
    expect(key('r_45,bg_000')).toBe('r_45,bg_000000ff,f_jpeg');
    expect(key('r_12.5,bg_000', logo)).toBe('r_12.5,bg_000000ff,f_png');
    expect(key('r_45')).toBe('r_45,f_jpeg');
    expect(key('r_90,bg_000')).toBe('r_90,f_jpeg');
  });
});
