import { InvalidBlobKeyError } from './InvalidBlobKeyError';
import { assertValidKey } from './assertValidKey';

describe('assertValidKey', () => {
  it.each([
    'a',
    'originals/3f/3f9c1e.jpg',
    'variants/3f9c1e/w320-q80.webp',
    'Az09._-',
    '.hidden/..double/...triple',
  ])('accepts %j', (key) => {
    expect(() => assertValidKey(key)).not.toThrow();
  });

  it.each([
    ['', 'Invalid blob key "": must not be empty'],
    ['../x', 'Invalid blob key "../x": "." and ".." segments are not allowed'],
    ['a/../../etc/passwd', 'Invalid blob key "a/../../etc/passwd": "." and ".." segments are not allowed'],
    ['a/./b', 'Invalid blob key "a/./b": "." and ".." segments are not allowed'],
    ['.', 'Invalid blob key ".": "." and ".." segments are not allowed'],
    ['/abs', 'Invalid blob key "/abs": must be relative (no leading "/")'],
    ['a//b', 'Invalid blob key "a//b": empty segments ("//" or a trailing "/") are not allowed'],
    ['a/', 'Invalid blob key "a/": empty segments ("//" or a trailing "/") are not allowed'],
    [
      'a\\..\\b',
      'Invalid blob key "a\\\\..\\\\b": segment "a\\\\..\\\\b" has characters outside [A-Za-z0-9._-]',
    ],
    ['C:x', 'Invalid blob key "C:x": segment "C:x" has characters outside [A-Za-z0-9._-]'],
    ['a/b c', 'Invalid blob key "a/b c": segment "b c" has characters outside [A-Za-z0-9._-]'],
    [
      'nul\0byte',
      'Invalid blob key "nul\\u0000byte": segment "nul\\u0000byte" has characters outside [A-Za-z0-9._-]',
    ],
    ['é', 'Invalid blob key "é": segment "é" has characters outside [A-Za-z0-9._-]'],
  ])('refuses %j', (key, message) => {
    let error: unknown;
    try {
      assertValidKey(key);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidBlobKeyError);
    expect(error).toMatchObject({ message, key, code: 'INTERNAL', status: 500, detail: undefined });
  });

  it('accepts up to 1024 characters and any number of segments', () => {
    expect(() => assertValidKey('x'.repeat(1024))).not.toThrow();
    expect(() => assertValidKey(Array.from({ length: 300 }, () => 'ab').join('/'))).not.toThrow();
  });

  it('refuses 1025 characters, quoting only the start of the key', () => {
    expect(() => assertValidKey('x'.repeat(1025))).toThrow(
      `Invalid blob key "${'x'.repeat(80)}…": longer than 1024 characters`,
    );
  });

  it('refuses a non-string from untyped callers', () => {
    expect(() => assertValidKey(42 as unknown as string)).toThrow(
      'Invalid blob key "42": expected a string but received number',
    );
  });
});
