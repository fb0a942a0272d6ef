import { normalizeTags } from './normalizeTags';
import type { TagInput } from './types';

function errorOf(inputs: TagInput[]): unknown {
  try {
    normalizeTags(inputs);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('normalizeTags', () => {
  it('normalises names, defaults confidence to null and sorts by name then source', () => {
    expect(
      normalizeTags([
        { name: ' Zebra', source: 'user' },
        { name: 'cat', source: 'rekognition', confidence: 0.5 },
        { name: 'CAT', source: 'exif' },
      ]),
    ).toEqual([
      { name: 'cat', source: 'exif', confidence: null },
      { name: 'cat', source: 'rekognition', confidence: 0.5 },
      { name: 'zebra', source: 'user', confidence: null },
    ]);
  });

  it('merges tags that normalise to the same name and source, keeping the highest confidence', () => {
    expect(
      normalizeTags([
        { name: 'Cat', source: 'ml', confidence: 0.4 },
        { name: 'cat ', source: 'ml', confidence: 0.9 },
        { name: 'CAT', source: 'ml', confidence: null },
        { name: 'dog', source: 'user' },
        { name: 'Dog', source: 'user' },
      ]),
    ).toEqual([
      { name: 'cat', source: 'ml', confidence: 0.9 },
      { name: 'dog', source: 'user', confidence: null },
    ]);
  });

  it('accepts an empty list', () => {
    expect(normalizeTags([])).toEqual([]);
  });

  it.each([
    [
      [{ name: 'cat', source: '' }],
      'Expected a tag source of 1 to 32 characters [a-z0-9._:-] but received "" for tag "cat"',
    ],
    [
      [{ name: 'cat', source: 'User' }],
      'Expected a tag source of 1 to 32 characters [a-z0-9._:-] but received "User" for tag "cat"',
    ],
    [
      [{ name: 'cat', source: 'x'.repeat(33) }],
      `Expected a tag source of 1 to 32 characters [a-z0-9._:-] but received "${'x'.repeat(33)}" for tag "cat"`,
    ],
    [
      [{ name: 'cat', source: 'ml', confidence: 97.5 }],
      'Expected a tag confidence between 0 and 1 but received 97.5 for tag "cat"',
    ],
    [
      [{ name: 'cat', source: 'ml', confidence: Number.NaN }],
      'Expected a tag confidence between 0 and 1 but received NaN for tag "cat"',
    ],
    [
      [{ name: '', source: 'ml' }],
      'Expected a tag name of 1 to 64 characters but received "" (0 after trimming)',
    ],
  ])('refuses %j', (inputs, message) => {
    expect(errorOf(inputs)).toMatchObject({ code: 'INVALID_PARAMETER', detail: message });
  });
});
