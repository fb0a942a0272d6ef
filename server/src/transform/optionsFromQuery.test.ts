import { isAppError } from '../errors';
import { optionsFromQuery } from './optionsFromQuery';

const q = (s: string) => new URLSearchParams(s);

describe('optionsFromQuery', () => {
  it('turns option parameters into the path form, in query order, flags without values', () => {
    expect(optionsFromQuery(q('w=800&f=webp&flip'))).toBe('w_800,f_webp,flip');
    expect(optionsFromQuery(q('p=thumb&format=auto'))).toBe('p_thumb,format_auto');
    expect(optionsFromQuery(q('crop=10-20-300-200&bg=ff0000'))).toBe('crop_10-20-300-200,bg_ff0000');
  });

  it('leaves out signature parameters', () => {
    expect(optionsFromQuery(q('w=800&exp=1700000000&kid=k1&sig=abc'))).toBe('w_800');
  });

  it('is not a variant when no parameter names an option', () => {
    expect(optionsFromQuery(q(''))).toBeUndefined();
    expect(optionsFromQuery(q('v=3'))).toBeUndefined();
    expect(optionsFromQuery(q('exp=1&kid=k&sig=s'))).toBeUndefined();
  });

  it('refuses other parameters beside options, naming them, and values with commas', () => {
    for (const [query, named] of [
      ['w=800&v=3', 'options'],
      ['w=800,h_600', 'w'],
    ] as const) {
      const err = (() => {
        try {
          return optionsFromQuery(q(query));
        } catch (e) {
          return e;
        }
      })();
      expect(isAppError(err, 'INVALID_TRANSFORM')).toBe(true);
      expect((err as { extensions: { option: string } }).extensions.option).toBe(named);
    }
  });
});
