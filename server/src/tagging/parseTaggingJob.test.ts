import { parseTaggingJob } from './parseTaggingJob';

describe('parseTaggingJob', () => {
  it('accepts a well-formed job and removes duplicate taggers', () => {
    expect(parseTaggingJob({ imageId: 'abc_DEF-123', taggers: ['basic', 'colour', 'basic'] })).toEqual({
      imageId: 'abc_DEF-123',
      taggers: ['basic', 'colour'],
      force: false,
    });
  });

  it.each([
    [null, 'Invalid tagging job: expected an object but received null'],
    ['x', 'Invalid tagging job: expected an object but received string'],
    [
      { imageId: '../x', taggers: ['basic'] },
      'Invalid tagging job: expected an image id for imageId but received "../x"',
    ],
    [
      { imageId: 'a', taggers: [] },
      'Invalid tagging job: expected a non-empty list of tagger names for taggers',
    ],
    [
      { imageId: 'a', taggers: ['ocr'] },
      'Invalid tagging job: unknown or disabled tagger "ocr" (enabled: basic, colour)',
    ],
    [
      { imageId: 'a', taggers: ['basic'], force: 'yes' },
      'Invalid tagging job: expected true or false for force',
    ],
  ])('refuses %j', (data, message) => {
    expect(() => parseTaggingJob(data, ['basic', 'colour'])).toThrow(message);
    try {
      parseTaggingJob(data, ['basic', 'colour']);
    } catch (err) {
      expect(err).toMatchObject({ code: 'INVALID_JOB', retryable: false });
    }
  });
});
