import { AppError } from '../errors';
import { normalizeTagName } from './normalizeTagName';

describe('normalizeTagName', () => {
  it.each([
    ['Cat', 'cat'],
    ['  Golden   Gate\t', 'golden gate'],
    ['ÉTÉ', 'été'],
    ['e\u0301te', '\u00e9te'], // decomposed é becomes the composed form
    ['a'.repeat(64), 'a'.repeat(64)],
    ['🐈'.repeat(64), '🐈'.repeat(64)], // counted in characters, not UTF-16 units
  ])('normalises %j to %j', (raw, expected) => {
    expect(normalizeTagName(raw)).toBe(expected);
  });

  it.each([
    ['', 'Expected a tag name of 1 to 64 characters but received "" (0 after trimming)'],
    ['   ', 'Expected a tag name of 1 to 64 characters but received "   " (0 after trimming)'],
    [
      'a'.repeat(65),
      `Expected a tag name of 1 to 64 characters but received "${'a'.repeat(65)}" (65 after trimming)`,
    ],
    ['a\u0000b', 'Expected a tag name without control characters but received "a\\u0000b"'],
    [42, 'Expected a tag name string but received 42 of type number'],
    [null, 'Expected a tag name string but received null'],
  ])('refuses %j', (raw, message) => {
    let caught: unknown;
    try {
      normalizeTagName(raw);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect(caught).toMatchObject({
      code: 'INVALID_PARAMETER',
      detail: message,
      extensions: { parameter: 'tags' },
    });
  });
});
