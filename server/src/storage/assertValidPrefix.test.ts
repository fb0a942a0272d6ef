import { assertValidPrefix } from './assertValidPrefix';

describe('assertValidPrefix', () => {
  it.each(['', 'o', 'originals', 'originals/', 'originals/3f', 'a/b/c.', 'a/b/'])(
    'accepts list prefix %j',
    (prefix) => {
      expect(() => assertValidPrefix(prefix, { folder: false })).not.toThrow();
    },
  );

  it.each(['originals/', 'a/b/', 'a.b/'])('accepts folder prefix %j', (prefix) => {
    expect(() => assertValidPrefix(prefix, { folder: true })).not.toThrow();
  });

  it.each([
    ['', true, 'Invalid blob key "": invalid prefix: must end with "/"'],
    ['originals', true, 'Invalid blob key "originals": invalid prefix: must end with "/"'],
    ['/', true, 'Invalid blob key "/": invalid prefix: must be relative (no leading "/")'],
    ['/a', false, 'Invalid blob key "/a": invalid prefix: must be relative (no leading "/")'],
    ['../', true, 'Invalid blob key "../": invalid prefix: "." and ".." segments are not allowed'],
    ['a/../b', false, 'Invalid blob key "a/../b": invalid prefix: "." and ".." segments are not allowed'],
    [
      'a//',
      true,
      'Invalid blob key "a//": invalid prefix: empty segments ("//" or a trailing "/") are not allowed',
    ],
    [
      'a b',
      false,
      'Invalid blob key "a b": invalid prefix: segment "a b" has characters outside [A-Za-z0-9._-]',
    ],
  ])('refuses %j (folder: %s)', (prefix, folder, message) => {
    expect(() => assertValidPrefix(prefix, { folder })).toThrow(message);
  });

  it('refuses more than 1024 characters', () => {
    expect(() => assertValidPrefix('x/'.repeat(513), { folder: false })).toThrow(
      `Invalid blob key "${'x/'.repeat(40)}…": invalid prefix: longer than 1024 characters`,
    );
  });
});
