import { isAppError } from '../errors';
import { isMissingPathError, toFsStoreError } from './toFsStoreError';

const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('toFsStoreError', () => {
  it.each(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE', 'ESTALE'])(
    '%s becomes STORAGE_UNAVAILABLE with the original as cause',
    (code) => {
      const original = errno(code);
      const mapped = toFsStoreError(original, 'put');
      expect(isAppError(mapped, 'STORAGE_UNAVAILABLE')).toBe(true);
      expect(mapped).toMatchObject({
        status: 503,
        cause: original,
        message: `fs blob store: put failed (Error: ${code}: failed)`,
      });
    },
  );

  it.each(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EINVAL'])('%s is left as is', (code) => {
    const original = errno(code);
    expect(toFsStoreError(original, 'get')).toBe(original);
  });

  it('leaves errors without a code alone', () => {
    const original = new TypeError('bug');
    expect(toFsStoreError(original, 'list')).toBe(original);
  });

  it('isMissingPathError recognises ENOENT and ENOTDIR only', () => {
    expect(
      [errno('ENOENT'), errno('ENOTDIR'), errno('EISDIR'), new Error('x')].map(isMissingPathError),
    ).toEqual([true, true, false, false]);
  });
});
