import { isAppError } from '../errors';
import { checkTransformPolicy, type TransformPolicy } from './checkTransformPolicy';
import { parseTransform } from './parseTransform';

const presets = { thumb: { width: 200, height: 200 } };
const parse = (segment: string) => parseTransform(segment, presets, { maxDimension: 4096 });
const anonymous = { signed: false, keyed: false };
const open: TransformPolicy = { requireSignature: false, presetsOnly: false, presetNames: ['thumb'] };

function code(segment: string, caller: typeof anonymous, policy: TransformPolicy): string {
  try {
    checkTransformPolicy(parse(segment), caller, policy);
    return 'allowed';
  } catch (err) {
    if (isAppError(err)) return err.code;
    throw err;
  }
}

describe('checkTransformPolicy', () => {
  it('always allows presets', () => {
    for (const policy of [
      open,
      { ...open, requireSignature: true },
      { ...open, presetsOnly: true },
      { ...open, widths: [1] },
    ])
      expect(code('p_thumb', anonymous, policy)).toBe('allowed');
  });

  it('needs a signature or a key for other options when signing is required', () => {
    const signing = { ...open, requireSignature: true };
    expect(code('w_100', anonymous, signing)).toBe('SIGNATURE_REQUIRED');
    expect(code('p_thumb,f_webp', anonymous, signing)).toBe('SIGNATURE_REQUIRED');
    expect(code('w_100', { signed: true, keyed: false }, signing)).toBe('allowed');
    expect(code('w_100', { signed: false, keyed: true }, signing)).toBe('allowed');
    expect(code('w_100', anonymous, open)).toBe('allowed');
  });

  it('refuses everything but presets on presets-only servers, signed or not', () => {
    const presetsOnly = { ...open, presetsOnly: true };
    expect(code('w_100', { signed: true, keyed: true }, presetsOnly)).toBe('TRANSFORM_NOT_ALLOWED');
  });

  it('checks explicit widths, after dpr, against the allow-list', () => {
    const widths = { ...open, widths: [320, 640] };
    expect(code('w_320', anonymous, widths)).toBe('allowed');
    expect(code('w_320,dpr_2', anonymous, widths)).toBe('allowed');
    expect(code('w_321', anonymous, widths)).toBe('TRANSFORM_NOT_ALLOWED');
    expect(code('h_321', anonymous, widths)).toBe('allowed');
  });
});
