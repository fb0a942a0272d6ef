import { createHash } from 'node:crypto';
import { isAppError } from '../errors';
import { decodeImageCursor, encodeImageCursor } from './imageCursor';

describe('image cursor', () => {
  const cursor = { createdAt: new Date('2026-11-28T09:00:00.123Z'), id: 'img_01 ünicode.id' };

  it('round-trips the position with millisecond precision', () => {
    const token = encodeImageCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{8}$/);
    expect(decodeImageCursor(token)).toEqual(cursor);
  });

  function expectInvalid(token: string): void {
    let caught: unknown;
    try {
      decodeImageCursor(token);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'INVALID_CURSOR')).toBe(true);
  }

  it.each([
    ['empty', ''],
    ['no checksum', 'eyJ0IjoxLCJpIjoiYSJ9'],
    ['garbage', 'not a cursor'],
    ['extra part', `${encodeImageCursor(cursor)}.x`],
    ['non-base64 payload', '!!!!.AAAAAAAA'],
  ])('refuses a cursor that is %s', (_label, token) => expectInvalid(token));

  it('refuses every single-character edit of a valid cursor', () => {
    const token = encodeImageCursor(cursor);
    for (let i = 0; i < token.length; i++) {
      const replacement = token[i] === 'A' ? 'B' : 'A';
      expectInvalid(token.slice(0, i) + replacement + token.slice(i + 1));
    }
  });

  it('refuses a truncated cursor', () => {
    const token = encodeImageCursor(cursor);
    expectInvalid(token.slice(0, -1));
    expectInvalid(token.slice(1));
  });

  it('refuses a well-formed payload with the wrong shape even when its checksum matches', () => {
    // The checksum is not a secret, so shape validation must hold on its own.
    const forge = (value: unknown): string => {
      const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${payload}.${createHash('sha256').update(payload).digest('base64url').slice(0, 8)}`;
    };
    expectInvalid(forge({ t: -1, i: 'a' }));
    expectInvalid(forge({ t: 1.5, i: 'a' }));
    expectInvalid(forge({ t: 1, i: '' }));
    expectInvalid(forge({ t: '1', i: 'a' }));
    expectInvalid(forge([1, 'a']));
    expectInvalid(forge(null));
    expect(decodeImageCursor(forge({ t: 1, i: 'a' }))).toEqual({ createdAt: new Date(1), id: 'a' });
  });
});
