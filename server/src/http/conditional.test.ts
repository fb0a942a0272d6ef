import { evaluateConditional, rangeAllowed } from './conditional';

const v = { etag: '"abc"', lastModified: new Date('2026-01-02T03:04:05.678Z') };

describe('evaluateConditional', () => {
  it('answers not-modified for a matching If-None-Match (weak comparison, lists, *)', () => {
    expect(evaluateConditional(v, { 'if-none-match': '"abc"' })).toBe('not-modified');
    expect(evaluateConditional(v, { 'if-none-match': 'W/"abc"' })).toBe('not-modified');
    expect(evaluateConditional(v, { 'if-none-match': '"x", "abc"' })).toBe('not-modified');
    expect(evaluateConditional(v, { 'if-none-match': '*' })).toBe('not-modified');
    expect(evaluateConditional(v, { 'if-none-match': '"other"' })).toBe('proceed');
  });

  it('uses If-Modified-Since only without If-None-Match, at one-second resolution', () => {
    expect(evaluateConditional(v, { 'if-modified-since': 'Fri, 02 Jan 2026 03:04:05 GMT' })).toBe(
      'not-modified',
    );
    expect(evaluateConditional(v, { 'if-modified-since': 'Fri, 02 Jan 2026 03:04:04 GMT' })).toBe('proceed');
    expect(
      evaluateConditional(v, {
        'if-none-match': '"other"',
        'if-modified-since': 'Fri, 02 Jan 2026 03:04:05 GMT',
      }),
    ).toBe('proceed');
    expect(evaluateConditional(v, { 'if-modified-since': 'not a date' })).toBe('proceed');
  });

  it('fails preconditions with If-Match (strong) and If-Unmodified-Since', () => {
    expect(evaluateConditional(v, { 'if-match': '"abc"' })).toBe('proceed');
    expect(evaluateConditional(v, { 'if-match': 'W/"abc"' })).toBe('precondition-failed');
    expect(evaluateConditional(v, { 'if-unmodified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' })).toBe(
      'precondition-failed',
    );
    expect(evaluateConditional(v, { 'if-unmodified-since': 'Fri, 02 Jan 2026 03:04:05 GMT' })).toBe(
      'proceed',
    );
  });
});

describe('rangeAllowed', () => {
  it('honours a Range only when If-Range matches exactly', () => {
    expect(rangeAllowed(v, undefined)).toBe(true);
    expect(rangeAllowed(v, '"abc"')).toBe(true);
    expect(rangeAllowed(v, '"old"')).toBe(false);
    expect(rangeAllowed(v, 'Fri, 02 Jan 2026 03:04:05 GMT')).toBe(true);
    expect(rangeAllowed(v, 'Fri, 02 Jan 2026 03:04:06 GMT')).toBe(false);
  });
});
