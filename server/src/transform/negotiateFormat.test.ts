import { negotiateFormat } from './negotiateFormat';

const photo = { alpha: false, animated: false };
const logo = { alpha: true, animated: false };
const animation = { alpha: false, animated: true };

/** Accept headers browsers send for images (navigation-independent `<img>` requests). */
const BROWSERS = {
  chrome: 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  firefox: 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5',
  safari17:
    'image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5',
  safari13: 'image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5',
  edgeLegacy: 'image/webp,image/apng,image/*,*/*;q=0.8',
  curl: '*/*',
};

describe('negotiateFormat', () => {
  it.each([
    ['chrome', 'avif'],
    ['firefox', 'avif'],
    ['safari17', 'avif'],
    ['safari13', 'jpeg'],
    ['edgeLegacy', 'webp'],
    ['curl', 'jpeg'],
  ] as const)('gives %s %s for a photo', (browser, format) => {
    expect(negotiateFormat(BROWSERS[browser], photo)).toBe(format);
  });

  it('keeps alpha with PNG when nothing better is accepted', () => {
    expect(negotiateFormat(BROWSERS.safari13, logo)).toBe('png');
    expect(negotiateFormat(undefined, logo)).toBe('png');
    expect(negotiateFormat(BROWSERS.chrome, logo)).toBe('avif');
  });

  it('keeps animations animated: WebP, else GIF, never AVIF', () => {
    expect(negotiateFormat(BROWSERS.chrome, animation)).toBe('webp');
    expect(negotiateFormat(BROWSERS.safari13, animation)).toBe('gif');
  });

  it('honours q=0 and ignores wildcards', () => {
    expect(negotiateFormat('image/avif;q=0,image/webp', photo)).toBe('webp');
    expect(negotiateFormat('image/*', photo)).toBe('jpeg');
    expect(negotiateFormat('IMAGE/WEBP ; q=0.5', photo)).toBe('webp');
  });
});
