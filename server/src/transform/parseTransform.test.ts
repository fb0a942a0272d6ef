import { isAppError } from '../errors';
import { parseTransform, type Presets } from './parseTransform';

const limits = { maxDimension: 4096 };
const presets: Presets = {
  thumb: { width: 200, height: 200, fit: 'cover', gravity: 'attention', format: 'auto' },
};

function refusal(segment: string): { detail: string | undefined; option: unknown } {
  try {
    parseTransform(segment, presets, limits);
  } catch (err) {
    if (isAppError(err, 'INVALID_TRANSFORM')) return { detail: err.detail, option: err.extensions.option };
    throw err;
  }
  throw new Error(`expected ${segment} to be refused`);
}

describe('parseTransform', () => {
  it('reads every option, with aliases', () => {
    expect(
      parseTransform(
        'w_800,h_600,fit_contain,g_ne,dpr_1.5,c_1-2-30-40,r_-90,flip,flop_1,blur_2,sharpen_1.25,bg_F0A,q_75,f_jpg',
        presets,
        limits,
      ),
    ).toEqual({
      request: {
        width: 800,
        height: 600,
        fit: 'contain',
        gravity: 'northeast',
        dpr: 1.5,
        crop: { left: 1, top: 2, width: 30, height: 40 },
        rotate: 270,
        flip: true,
        flop: true,
        blur: 2,
        sharpen: 1.25,
        background: 'ff00aaff',
        quality: 75,
        format: 'jpeg',
      },
      presets: [],
      onlyPresets: false,
    });
    expect(parseTransform('width_10,height_20,gravity_smart,format_auto', presets, limits).request).toEqual({
      width: 10,
      height: 20,
      gravity: 'attention',
      format: 'auto',
    });
  });

  it('reads any rotation angle, normalised to [0, 360) and rounded to hundredths', () => {
    const rotate = (v: string) => parseTransform(`r_${v}`, presets, limits).request.rotate;
    const cases: [string, number][] = [
      ['0', 0],
      ['-0', 0],
      ['90', 90],
      ['-90', 270],
      ['270', 270],
      ['630', 270],
      ['-450', 270],
      ['360', 0],
      ['-720', 0],
      ['45', 45],
      ['-45', 315],
      ['405', 45],
      ['12.5', 12.5],
      ['12.50', 12.5],
      ['12.504', 12.5],
      ['12.505', 12.51],
      ['-12.5', 347.5],
      ['-0.004', 0],
      ['-0.005', 0],
      ['359.995', 0],
      ['359.99', 359.99],
      ['-0.01', 359.99],
      ['123456789', 189],
      ['-123456789.999999', 170],
    ];
    for (const [value, expected] of cases) expect([value, rotate(value)]).toEqual([value, expected]);
    // Half-hundredths round the same way whichever turn they are written in.
    expect(rotate('-1.005')).toBe(rotate('358.995'));
    expect(parseTransform('rotate_-90', presets, limits).request.rotate).toBe(270);
  });

  it('expands presets, and explicit options override them', () => {
    expect(parseTransform('p_thumb', presets, limits)).toEqual({
      request: presets.thumb,
      presets: ['thumb'],
      onlyPresets: true,
    });
    const mixed = parseTransform('p_thumb,f_webp', presets, limits);
    expect(mixed.request).toMatchObject({ width: 200, format: 'webp' });
    expect(mixed.onlyPresets).toBe(false);
  });

  it('names the option in every refusal', () => {
    expect(refusal('w_0')).toEqual({
      detail: 'Expected an integer from 1 to 4096 for width but received "0".',
      option: 'width',
    });
    expect(refusal('w_100000')).toEqual({
      detail: 'Expected an integer from 1 to 4096 for width but received "100000".',
      option: 'width',
    });
    expect(refusal('h_abc').option).toBe('height');
    expect(refusal('q_101')).toEqual({
      detail: 'Expected an integer from 1 to 100 for quality but received "101".',
      option: 'quality',
    });
    expect(refusal('fit_squash').detail).toBe(
      'Expected one of cover, contain, inside, outside, fill for fit but received "squash".',
    );
    expect(refusal('f_bmp').option).toBe('format');
    expect(refusal('r_90deg')).toEqual({
      detail: 'Expected an angle in degrees such as 90, -45 or 12.5 for rotate but received "90deg".',
      option: 'rotate',
    });
    for (const malformed of [
      'r',
      'r_',
      'r_abc',
      'r_+90',
      'r_1e3',
      'r_.5',
      'r_5.',
      'r_--5',
      'r_1.1234567',
      'r_1234567890',
    ])
      expect([malformed, refusal(malformed).option]).toEqual([malformed, 'rotate']);
    expect(refusal('dpr_5').option).toBe('dpr');
    expect(refusal('bg_red').option).toBe('background');
    expect(refusal('c_1-2-3').option).toBe('crop');
    expect(refusal('blur_-1').option).toBe('blur');
    expect(refusal('flip_maybe').option).toBe('flip');
    expect(refusal('g_up').option).toBe('gravity');
    expect(refusal('p_huge')).toEqual({
      detail: 'Expected one of thumb for preset but received "huge".',
      option: 'preset',
    });
    expect(refusal('p_constructor').option).toBe('preset');
    expect(refusal('zoom_2')).toEqual({
      detail:
        'Expected options such as w_800, h_600, fit_cover, f_auto or p_<preset> for options but received "zoom_2".',
      option: 'options',
    });
  });

  it('refuses repeated and conflicting options', () => {
    expect(refusal('w_10,width_20')).toEqual({
      detail: 'The option width appears more than once.',
      option: 'width',
    });
    expect(refusal('w_10,h_10,fit_inside,g_attention')).toEqual({
      detail: 'The smart crop gravity attention works only with fit cover, not fit inside.',
      option: 'gravity',
    });
  });
});
