import { storageUnavailable } from './storageUnavailable';

/** errno codes that mean the filesystem cannot serve us right now, rather than a bug or a missing file. */
const UNAVAILABLE = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'EMFILE',
  'ENFILE',
  'ESTALE',
  'ENOTCONN',
  'ETIMEDOUT',
  'EBUSY',
]);

/**
 * Maps an error from our own filesystem calls: unavailability becomes `AppError('STORAGE_UNAVAILABLE')`
 * with the original as `cause`; anything else (a bug, a key/folder clash) is returned unchanged.
 */
export function toFsStoreError(err: unknown, operation: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && UNAVAILABLE.has(code)) {
    return storageUnavailable('fs', operation, err);
  }
  return err;
}

/** True for the errno codes that mean "no such object" when reading a key's path. */
export function isMissingPathError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
